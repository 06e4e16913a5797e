import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memos, visits } from '../db/schema';
import { nextEvent, startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildCustomer, buildStore, type CustomerFixture, type StoreFixture } from '../../test/support/factories';
import type { CallDetail } from '../../common/calls';

describe('calls API', () => {
  let t: TestApp;
  let nishifuna: StoreFixture;
  let kinshicho: StoreFixture;
  let customer: CustomerFixture;
  let adminToken: string;

  const get = (path: string, token: string | undefined) => t.request('GET', path, token);

  beforeAll(async () => {
    t = await startTestApp();
    nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    kinshicho = await buildStore(t.db, { code: 'kinshicho', name: '錦糸町', prefixes: ['0501747'] });
    customer = await buildCustomer(t.db, { name: '高橋 美咲', nameKana: 'タカハシ ミサキ', phones: ['080-1111-2222'] });
    adminToken = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  it('GET /api/calls/:callId carries everything the popup shows', async () => {
    await t.db.insert(memos).values([
      { customerId: customer.id, body: 'アレルギー: 小麦', pinned: true },
      { customerId: customer.id, body: '前回は遅刻気味' },
    ]);
    await t.db.insert(visits).values({ customerId: customer.id, storeId: kinshicho.id, visitedAt: new Date('2026-10-01T10:00:00+09:00'), menu: 'カット', amountYen: 4400 });
    const earlier = dialpadCall({ external_number: '+818011112222' });
    await deliverJwt(t.url, earlier);
    const event = dialpadCall({ external_number: '+818011112222' });
    await deliverJwt(t.url, event);

    const res = await get(`/api/calls/${String(event.call_id)}`, adminToken);
    expect(res.status).toBe(200);
    const detail = res.body as CallDetail;
    expect(detail.call).toMatchObject({ callId: String(event.call_id), state: 'ringing', customerPhone: '08011112222', store: { code: 'nishifuna' } });
    expect(detail.customer).toMatchObject({ id: customer.id, name: '高橋 美咲' });
    expect(detail.memos.map((m) => m.body)).toEqual(['アレルギー: 小麦', '前回は遅刻気味']);
    expect(detail.visits).toMatchObject([{ menu: 'カット', amountYen: 4400, store: { code: 'kinshicho' } }]);
    expect(detail.visitSummary).toMatchObject({ count: 1, totalYen: 4400, topStore: { code: 'kinshicho' } });
    expect(detail.recentCalls.map((c) => c.callId)).toEqual([String(earlier.call_id)]);
  });

  it('offers every holder of a shared number as a candidate', async () => {
    await buildCustomer(t.db, { name: '伊藤 父', phones: ['047-111-2222'] });
    await buildCustomer(t.db, { name: '伊藤 娘', phones: ['0471112222'] });
    const popup = nextEvent(await t.socket(adminToken), 'incoming_call');
    const event = dialpadCall({ external_number: '+81471112222' });
    await deliverJwt(t.url, event);
    const pushed = await popup;
    expect(pushed.customer).toBeNull();
    expect(pushed.candidates.map((c) => c.name).sort()).toEqual(['伊藤 娘', '伊藤 父']);
    const detail = (await get(`/api/calls/${String(event.call_id)}`, adminToken)).body as CallDetail;
    expect(detail.candidates).toHaveLength(2);
  });

  it("hides another store's calls from staff and requires a token", async () => {
    const event = dialpadCall({ internal_number: '+815017471234' });
    await deliverJwt(t.url, event);
    const path = `/api/calls/${String(event.call_id)}`;
    expect((await get(path, undefined)).status).toBe(401);
    const other = await t.signIn({ role: 'staff', store: nishifuna });
    expect((await get(path, other.token)).status).toBe(404);
    const own = await t.signIn({ role: 'staff', store: kinshicho });
    expect((await get(path, own.token)).status).toBe(200);
    expect((await get('/api/calls/nope', adminToken)).status).toBe(404);

    const active = (await get('/api/calls/active', other.token)).body as { items: { store: { code: string } | null }[] };
    expect(active.items.length).toBeGreaterThan(0);
    expect(active.items.every((c) => c.store?.code === 'nishifuna')).toBe(true);
    expect((await get('/api/calls?store=kinshicho', other.token)).status).toBe(403);
  });

  it('lists calls newest first with a cursor that visits every call once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await get(`/api/calls?limit=2${query}`, adminToken)).body as { items: { callId: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((c) => c.callId));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await get('/api/calls?limit=200', adminToken)).body as { items: { callId: string }[] };
    expect(seen).toEqual(all.items.map((c) => c.callId));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await get('/api/calls?cursor=garbage', adminToken)).status).toBe(400);
    expect((await get('/api/calls?state=flying', adminToken)).status).toBe(400);
  });
});

describe('POST /api/dialpad/test-call', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    await buildCustomer(t.db, { name: '試験 太郎', phones: ['09099998888'] });
  });
  afterAll(() => t.close());

  const post = (token: string | undefined, body: unknown) => t.request('POST', '/api/dialpad/test-call', token, body);

  it("runs through the real pipeline and answers in the guide's shape", async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const popup = nextEvent(await t.socket(token), 'incoming_call');
    const res = await post(token, { customerPhone: '090-9999-8888', incomingNumber: '05017481234' });
    expect(res.status).toBe(200);
    const body = res.body as { data: { callId: string } };
    expect(body).toMatchObject({
      success: true,
      message: 'Test call broadcasted',
      data: { type: 'incoming_call', customerPhone: '09099998888', incomingNumber: '05017481234', isTest: true },
    });
    expect(body.data.callId).toMatch(/^test-/);
    expect(await popup).toMatchObject({ callId: body.data.callId, isTest: true, store: { code: 'nishifuna' }, customer: { name: '試験 太郎' } });
  });

  it('is for admins only and checks the numbers', async () => {
    const body = { customerPhone: '09012345678', incomingNumber: '05017481234' };
    expect((await post(undefined, body)).status).toBe(401);
    expect((await post((await t.signIn({ role: 'staff' })).token, body)).status).toBe(403);
    const admin = (await t.signIn({ role: 'admin' })).token;
    const bad = await post(admin, { customerPhone: 'abc', incomingNumber: '05017481234' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_phone' });
    expect((await post(admin, { customerPhone: '09012345678' })).status).toBe(400);
  });

  it('is off in production unless CTI_ENABLE_TEST_CALL=true', async () => {
    for (const [flag, status] of [['', 404], ['true', 200]] as const) {
      const prod = await startTestApp({ NODE_ENV: 'production', CTI_ENABLE_TEST_CALL: flag });
      try {
        const { token } = await prod.signIn({ role: 'admin' });
        const res = await prod.request('POST', '/api/dialpad/test-call', token, { customerPhone: '09012345678', incomingNumber: '05017481234' });
        expect(res.status).toBe(status);
      } finally {
        await prod.close();
      }
    }
  }, 120_000);
});
