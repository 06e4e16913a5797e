import { DrizzleQueryError } from 'drizzle-orm/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhonesIn, requestIdFrom, safeError, safeUrl } from './logger';

describe('log privacy helpers', () => {
  it('masks phone numbers in every written form, and leaves call ids, times and uuids alone', () => {
    expect(maskPhonesIn('from +819012345678 to 05017481234')).toBe('from 090-****-5678 to 050-****-1234');
    expect(maskPhonesIn('"090-1234-5678" and ０９０１２３４５６７８')).toBe('"090-****-5678" and 090-****-5678');
    expect(maskPhonesIn('+81 90 1234 5678, %2B819012345678, 090123456789')).toBe('090-****-5678, 090-****-5678, 090-****-6789');
    expect(maskPhonesIn('+12025550123')).toBe('+12-****-0123');
    const harmless = 'call 6051203942481920 at 1765794600000, id 0b7e2c1a-1234-4a5b-9c8d-012345678901, port 5000';
    expect(maskPhonesIn(harmless)).toBe(harmless);
  });

  it('masks a Japanese number however it is written: any grouping, separator, prefix and width', () => {
    const separators = ['', ' ', '-', '.', '−', 'ー', '‐', '－', '  ', ' - '];
    const written = fc
      .record({
        // 0 + a non-zero digit + 8 or 9 more: mobiles (090…) and landlines (03…, 0474…).
        national: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 9 })).map(([a, rest]) => `0${a}${rest.join('')}`),
        prefix: fc.constantFrom('national', '+81', '81', '(0'),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: 10 }), { maxLength: 4 }),
        separator: fc.constantFrom(...separators),
        fullWidth: fc.boolean(),
        before: fc.constantFrom('', 'from ', 'q=', '"', 'tel:', '電話 ', '(', 'call 6051203942481920 at 1765794600000 '),
        after: fc.constantFrom('', ' ok', '"', ',', ' 様', ')'),
      })
      .map(({ national, prefix, cuts, separator, fullWidth, before, after }) => {
        const body = prefix === 'national' || prefix === '(0' ? national.slice(1) : national.slice(1);
        const groups: string[] = [];
        let last = 0;
        for (const cut of [...cuts].sort((a, b) => a - b).filter((c) => c < body.length)) {
          groups.push(body.slice(last, cut));
          last = cut;
        }
        groups.push(body.slice(last));
        const lead = { national: '0', '+81': `+81${separator}`, '81': `81${separator}`, '(0': '(0' }[prefix];
        let number = `${lead}${groups.join(separator)}`;
        if (prefix === '(0') number = number.replace(/^\(0(\d{1,3})/, '(0$1)');
        if (fullWidth) number = number.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        return { text: `${before}${number}${after}`, national };
      });
    fc.assert(
      fc.property(written, ({ text, national }) => {
        const masked = maskPhonesIn(text);
        // The number's significant digits never survive, whatever separators stand between them...
        expect(masked.replace(/\D/g, '')).not.toContain(national.slice(1));
        // ...and its last four digits do, so operators can still match calls up.
        expect(masked).toContain(`****-${national.slice(-4)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('logs URLs without credentials or phone numbers', () => {
    expect(safeUrl('/api/customers?phone=09012345678&limit=20')).toBe('/api/customers?phone=090-****-5678&limit=20');
    expect(safeUrl('/api/customers?q=%2B81%2090%201234%205678')).toBe('/api/customers?q=090-****-5678');
    expect(safeUrl('/x?apikey=abc&token=def')).toBe('/x?apikey=%5Bredacted%5D&token=%5Bredacted%5D');
    expect(safeUrl('/api/calls/6051203942481920')).toBe('/api/calls/6051203942481920');
  });

  it('drops the query parameters Drizzle writes into its errors', () => {
    const err = new DrizzleQueryError('insert into "customer_phones" ("e164") values ($1)', ['+819012345678', 'scrypt$secret-hash'], new Error('duplicate key value violates unique constraint'));
    const out = safeError(err) as Record<string, unknown>;
    const text = JSON.stringify(out);
    expect(text).not.toContain('9012345678');
    expect(text).not.toContain('secret-hash');
    expect(out.message).toBe('Failed query: insert into "customer_phones" ("e164") values ($1): duplicate key value violates unique constraint');
    expect(out).not.toHaveProperty('params');
    const pgError = Object.assign(new Error('duplicate key'), { detail: 'Key (e164)=(+819012345678) already exists.' });
    expect((safeError(pgError) as Record<string, unknown>).detail).toBe('Key (e164)=(090-****-5678) already exists.');
  });

  it('takes a sane request id from the proxy, caps it, and makes one otherwise', () => {
    expect(requestIdFrom('7f3a9c0e5b2d4e6f8a1b3c5d7e9f0a2b')).toBe('7f3a9c0e5b2d4e6f8a1b3c5d7e9f0a2b');
    expect(requestIdFrom(`a\nb{"level":60}${'c'.repeat(100)}`)).toMatch(/^ablevel:60c+$/);
    expect(requestIdFrom(`a\nb{"level":60}${'c'.repeat(100)}`)).toHaveLength(64);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(['a', 'b'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});
