import { describe, expect, it } from 'vitest';
import { MAX_YEN, parseYen } from './yen';

describe('parseYen', () => {
  it.each([
    ['5500', 5500],
    ['５５００', 5500],
    ['5,500', 5500],
    ['５，５００', 5500],
    ['¥5,500', 5500],
    ['￥５，５００', 5500],
    ['5500円', 5500],
    ['５，５００円', 5500],
    [' 12,000 円 ', 12000],
    ['1,234,567', 1234567],
    ['0', 0],
    ['', 0],
    ['   ', 0],
  ])('reads %j as %d', (input, value) => {
    expect(parseYen(input)).toEqual({ ok: true, value });
  });

  it.each(['abc', '5.5', '5,50', '55,00', '-500', '5500ドル', '¥', '円', '1e4', '5 500,0', '５５００．５'])('refuses %j, never 0', (input) => {
    expect(parseYen(input)).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('refuses more than the most a visit can cost', () => {
    expect(parseYen(String(MAX_YEN))).toEqual({ ok: true, value: MAX_YEN });
    expect(parseYen('100,000,001')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseYen('99999999999999999999')).toEqual({ ok: false, reason: 'too_large' });
  });
});
