import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES, type ErrorDetail } from '../../common/errors';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildCustomer, buildStore } from '../../test/support/factories';
import { errorCatalogue } from './errors';

/** Every refused field says why in a stable code (and its bounds), for the web to word in Japanese or English. */
describe('error details', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let customerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await buildStore(t.db, { code: 'details-home' });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store })).token;
    customerId = (await buildCustomer(t.db, { homeStore: store })).id;
  });
  afterAll(() => t.close());

  const details = (body: unknown): ErrorDetail[] => (body as { details: ErrorDetail[] }).details;

  it('lists for clients exactly the codes the catalogue has', () => {
    expect([...API_ERROR_CODES].sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('names the store code pattern, and keeps the English message', async () => {
    const res = await t.request('POST', '/api/stores', admin, { code: 'Nishi Funa', name: '西船橋' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed' });
    expect(details(res.body)).toEqual([
      { field: 'body.code', message: 'must be 1 to 40 lowercase letters, digits or hyphens, e.g. nishifuna', code: 'invalid_format', params: { format: 'store_code', origin: 'string' } },
    ]);
  });

  it('gives bounds with too_big and too_small, and required for a missing field', async () => {
    const res = await t.request('POST', '/api/stores', admin, { code: 'x'.repeat(41), name: '', phonePrefixes: ['12'] });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(details(res.body).map((d) => [d.field, d]));
    expect(byField['body.code']).toMatchObject({ code: 'invalid_format', params: { format: 'store_code' } });
    expect(byField['body.name']).toMatchObject({ code: 'too_small', params: { minimum: 1, origin: 'string' } });
    expect(byField['body.phonePrefixes.0']).toMatchObject({ code: 'invalid_format', params: { format: 'phone_prefix' } });

    const missing = await t.request('POST', '/api/stores', admin, { code: 'nameless' });
    expect(details(missing.body)).toEqual([expect.objectContaining({ field: 'body.name', code: 'required', params: { expected: 'string' } })]);

    const role = await t.request('POST', '/api/users', admin, { email: 'role@example.jp', password: 'a long enough passphrase', name: '役割 なし', role: 'owner' });
    expect(details(role.body)).toEqual([expect.objectContaining({ field: 'body.role', code: 'invalid_value', params: { options: ['admin', 'staff'] } })]);

    const memo = await t.request('POST', `/api/customers/${customerId}/memos`, staff, { body: 'あ'.repeat(4001) });
    expect(memo.status).toBe(400);
    expect(details(memo.body)).toEqual([expect.objectContaining({ field: 'body.body', code: 'too_big', params: { maximum: 4000, origin: 'string' } })]);
  });

  it('codes a visit amount that is not a whole number or too large, a future date, and an unknown store', async () => {
    const path = `/api/customers/${customerId}/visits`;
    const at = new Date(Date.now() - 60_000).toISOString();
    const fraction = await t.request('POST', path, staff, { visitedAt: at, amountYen: 1.5 });
    expect(details(fraction.body)).toEqual([expect.objectContaining({ field: 'body.amountYen', code: 'invalid_type', params: { expected: 'int' } })]);
    const large = await t.request('POST', path, staff, { visitedAt: at, amountYen: 100_000_001 });
    expect(details(large.body)).toEqual([expect.objectContaining({ field: 'body.amountYen', code: 'too_big', params: { maximum: 100_000_000, origin: 'number' } })]);
    const future = await t.request('POST', path, staff, { visitedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(details(future.body)).toEqual([expect.objectContaining({ field: 'body.visitedAt', code: 'in_future' })]);
    const store = await t.request('POST', path, staff, { visitedAt: at, storeCode: 'no-such-store' });
    expect(store.status).toBe(400);
    expect(details(store.body)).toEqual([{ field: 'body.storeCode', message: 'Unknown store code', code: 'unknown' }]);
  });

  it('names the field of a conflict, and an unknown field', async () => {
    expect((await t.request('POST', '/api/stores', admin, { code: 'details-dup', name: '一号店' })).status).toBe(201);
    const dup = await t.request('POST', '/api/stores', admin, { code: 'details-dup', name: '二号店' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: 'conflict', details: [{ field: 'body.code', code: 'taken' }] });

    const extra = await t.request('PATCH', '/api/stores/details-dup', admin, { nmae: '三号店' });
    expect(extra.status).toBe(400);
    expect(details(extra.body)).toEqual([{ field: 'body.nmae', message: 'unknown field', code: 'unknown_field' }]);
  });

  it('codes a phone that cannot be read, and a birthday that is not a date', async () => {
    const phone = await t.request('POST', '/api/customers', staff, { name: '佐藤 一郎', nameKana: 'サトウ イチロウ', phones: ['12'] });
    expect(phone.status).toBe(400);
    expect(phone.body).toMatchObject({ error: 'invalid_phone', details: [{ field: 'body.phones.0', code: 'not_a_phone' }] });
    const birthday = await t.request('POST', '/api/customers', staff, { name: '佐藤 一郎', nameKana: 'サトウ イチロウ', birthday: '1990-13-45' });
    expect(birthday.status).toBe(400);
    expect(details(birthday.body)).toEqual([expect.objectContaining({ field: 'body.birthday', code: 'not_a_date' })]);
  });
});
