import { DrizzleQueryError } from 'drizzle-orm/errors';
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
