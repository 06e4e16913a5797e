import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../../../common/password';
import { generatePassword } from './generatePassword';

describe('generatePassword', () => {
  it('gives four groups of four unambiguous characters that the password rule accepts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const password = generatePassword();
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(passwordProblem(password)).toBeNull();
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });

  it('skips the bytes that would favour the first letters (rejection sampling)', () => {
    // 256 - 256 % 56 = 224: every byte from 224 up is thrown away, so all-255 input would never finish; feed 255 then 0.
    let call = 0;
    const password = generatePassword((bytes) => bytes.fill(call++ === 0 ? 255 : 0));
    expect(call).toBe(2);
    expect(password).toBe('aaaa-aaaa-aaaa-aaaa');
  });
});
