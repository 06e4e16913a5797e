import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BlockedNumberList, BlockedNumberView } from '../../common/blocked-numbers';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildCustomer } from '../../test/support/factories';
import { FakeDialpad } from '../../test/support/fake-dialpad';
import { blockedNumbers, customers } from '../db/schema';

/** Blocking a number in Dialpad (against the stand-in for its API) and the list we keep of them. */
describe('blocked numbers (/api/blocked-numbers)', () => {
  let fake: FakeDialpad;
  let t: TestApp;
  let admin: string;
  let seq = 0;
  const nextNumber = () => `090-7${String(++seq).padStart(3, '0')}-0000`;
  const e164Of = (national: string) => `+81${national.replace(/-/g, '').slice(1)}`;

  const block = (body: Record<string, unknown>, token = admin) => t.request<BlockedNumberView & { error?: string; message?: string; details?: unknown }>('POST', '/api/blocked-numbers', token, body);
  const unblock = (number: string, token = admin) => t.request<{ error?: string }>('DELETE', `/api/blocked-numbers/${encodeURIComponent(number)}`, token);
  const rows = () => t.db.select().from(blockedNumbers);

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    t = await startTestApp({ DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
    admin = (await t.signIn({ role: 'admin', name: '管理 太郎' })).token;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    await t.db.delete(blockedNumbers);
  });

  it('blocks in Dialpad first, then records who blocked it, why, and whose number it is', async () => {
    const number = nextNumber();
    const customer = await buildCustomer(t.db, { name: '迷惑 一郎', phones: [number] });
    const res = await block({ number, reason: '無言電話が続く' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ e164: e164Of(number), phone: number.replace(/-/g, ''), reason: '無言電話が続く', customerId: customer.id, customerName: '迷惑 一郎', blockedBy: { name: '管理 太郎' } });

    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/api/v2/blockednumbers/add', body: { numbers: [e164Of(number)] }, authorization: `Bearer ${fake.apiKey}` });
    expect(fake.blockedNumbers.has(e164Of(number))).toBe(true);

    const list = await t.request<BlockedNumberList>('GET', '/api/blocked-numbers', admin);
    expect(list.body.items.map((i) => i.e164)).toEqual([e164Of(number)]);
  });

  it('names the customer it was blocked from, and keeps the block when that customer is deleted', async () => {
    const number = nextNumber();
    const customer = await buildCustomer(t.db, { phones: [number] });
    expect((await block({ number, customerId: customer.id })).body.customerId).toBe(customer.id);
    await t.db.delete(customers).where(eq(customers.id, customer.id));
    const [row] = await rows();
    expect(row).toMatchObject({ e164: e164Of(number), customerId: null });
  });

  it('unblocks in Dialpad, then forgets the number', async () => {
    const number = nextNumber();
    await block({ number });
    const res = await unblock(e164Of(number));
    expect(res.status).toBe(204);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v2/blockednumbers/remove', body: { numbers: [e164Of(number)] } });
    expect(fake.blockedNumbers.has(e164Of(number))).toBe(false);
    expect(await rows()).toEqual([]);
  });

  it('takes the national form in the path too', async () => {
    const number = nextNumber();
    await block({ number });
    expect((await unblock(number.replace(/-/g, ''))).status).toBe(204);
    expect(await rows()).toEqual([]);
  });

  it('records nothing when Dialpad refuses, and says why', async () => {
    fake.failNext({ status: 400, body: { error: { code: 400, message: 'Number is not valid for blocking' } } });
    const res = await block({ number: nextNumber() });
    expect(res.status).toBe(502);
    expect(res.body.error).toBe('dialpad_refused');
    expect(res.body.message).toContain('Number is not valid for blocking');
    expect(await rows()).toEqual([]);
  });

  it('records nothing when Dialpad is down or rate limits, each under its own code', async () => {
    fake.failNext({ status: 503 });
    expect((await block({ number: nextNumber() })).body.error).toBe('dialpad_unreachable');
    fake.failNext({ status: 429, headers: { 'retry-after': '17' } });
    const limited = await block({ number: nextNumber() });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'dialpad_rate_limited', details: { retryAfterSeconds: 17 } });
    expect(await rows()).toEqual([]);
  });

  it('keeps the row when Dialpad will not unblock', async () => {
    const number = nextNumber();
    await block({ number });
    fake.failNext({ status: 500 });
    expect((await unblock(e164Of(number))).status).toBe(503);
    expect((await rows()).map((r) => r.e164)).toEqual([e164Of(number)]);
  });

  it('refuses a number blocked already (409), a non-number (400) and an unknown customer (404) before asking Dialpad', async () => {
    const number = nextNumber();
    await block({ number });
    const before = fake.requests.length;
    const again = await block({ number });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict', details: [{ field: 'body.number', code: 'taken' }] });
    const bad = await block({ number: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_phone', details: [{ field: 'body.number', code: 'not_a_phone' }] });
    expect((await block({ number: nextNumber(), customerId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await block({ number: nextNumber(), note: 'x' })).body).toMatchObject({ error: 'validation_failed' });
    expect(fake.requests.length).toBe(before);
  });

  it('is for admins only', async () => {
    const staff = (await t.signIn({ role: 'staff' })).token;
    expect((await block({ number: nextNumber() }, staff)).status).toBe(403);
    expect((await t.request('GET', '/api/blocked-numbers', staff)).status).toBe(403);
    expect((await unblock('+819070010000', staff)).status).toBe(403);
  });

  it('answers 503 dialpad_not_configured without an API key', async () => {
    const bare = await startTestApp();
    try {
      const token = (await bare.signIn({ role: 'admin' })).token;
      const res = await bare.request<{ error: string }>('POST', '/api/blocked-numbers', token, { number: nextNumber() });
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('dialpad_not_configured');
    } finally {
      await bare.close();
    }
  });
});
