import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDetail, CallList } from '../../common/calls';
import type { MemoView } from '../../common/memos';
import { customers, memos } from '../db/schema';
import { nextEvent, startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildCustomer, buildStore, type StoreFixture } from '../../test/support/factories';

/** What the card shows and keeps beyond the pop itself (issue 13, item 3). */
describe('the call card: customer details, memos on unknown callers, home store, names in the call log', () => {
  let t: TestApp;
  let nishifuna: StoreFixture;
  let admin: string;
  let staff: string;
  let otherStoreStaff: string;

  /** A call ringing at nishifuna from this number; returns its id. */
  const ring = async (from: string, to = '+815017481234'): Promise<string> => {
    const event = dialpadCall({ external_number: from, internal_number: to });
    expect((await deliverJwt(t.url, event)).status).toBe(200);
    return String(event.call_id);
  };
  const memosOf = (callId: string) => t.db.select({ customerId: memos.customerId, body: memos.body }).from(memos).where(eq(memos.callId, callId));

  beforeAll(async () => {
    t = await startTestApp();
    nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    const kasai = await buildStore(t.db, { code: 'kasai', name: '葛西', prefixes: ['0501749'] });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store: nishifuna })).token;
    otherStoreStaff = (await t.signIn({ role: 'staff', store: kasai })).token;
  });
  afterAll(() => t.close());

  it('carries the tags on the pop and the tags, 備考 and caution reason in the details', async () => {
    const vip = await buildCustomer(t.db, { name: '佐藤 恵', phones: ['090-7777-0001'] });
    await t.db.update(customers).set({ tags: ['VIP', '常連'], notes: '香料が苦手', caution: true, cautionReason: '支払い遅れ' }).where(eq(customers.id, vip.id));
    const pushed = nextEvent(await t.socket(staff), 'incoming_call');
    const callId = await ring('+819077770001');
    const incoming = await pushed;
    expect(incoming.customer).toEqual({ id: vip.id, name: '佐藤 恵', nameKana: vip.nameKana, caution: true, cautionReason: '支払い遅れ', tags: ['VIP', '常連'] });
    // 備考 can be long: it stays off the socket.
    expect(incoming.customer).not.toHaveProperty('notes');

    const detail = await t.request<CallDetail>('GET', `/api/calls/${callId}`, staff);
    expect(detail.body.customer).toMatchObject({ tags: ['VIP', '常連'], notes: '香料が苦手', caution: true, cautionReason: '支払い遅れ' });
  });

  it("keeps a memo written on an unknown caller's call and gives it to the customer registered from it", async () => {
    const callId = await ring('+819077770002');
    const written = await t.request<MemoView>('POST', `/api/calls/${callId}/memos`, staff, { body: '予約の変更希望。折り返し' });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ body: '予約の変更希望。折り返し', callId, pinned: false });
    expect(await memosOf(callId)).toEqual([{ customerId: null, body: '予約の変更希望。折り返し' }]);
    // The unknown caller's card shows it.
    expect((await t.request<CallDetail>('GET', `/api/calls/${callId}`, staff)).body.memos.map((m) => m.body)).toEqual(['予約の変更希望。折り返し']);

    const linked = await t.request<CallDetail>('POST', `/api/calls/${callId}/customer`, staff, { create: { name: '中村 葵' } });
    expect(linked.status).toBe(200);
    const customerId = linked.body.customer!.id;
    expect(await memosOf(callId)).toEqual([{ customerId, body: '予約の変更希望。折り返し' }]);
    const onCustomer = await t.request<{ items: MemoView[] }>('GET', `/api/customers/${customerId}/memos`, staff);
    expect(onCustomer.body.items.map((m) => [m.body, m.callId])).toEqual([['予約の変更希望。折り返し', callId]]);
    expect(linked.body.memos.map((m) => m.body)).toEqual(['予約の変更希望。折り返し']);
  });

  it('moves the memo when the unknown call is linked to a customer on file', async () => {
    const onFile = await buildCustomer(t.db, { name: '高橋 蓮' });
    const callId = await ring('+819077770003');
    expect((await t.request('POST', `/api/calls/${callId}/memos`, staff, { body: '奥様からの電話' })).status).toBe(201);
    expect((await t.request('POST', `/api/calls/${callId}/customer`, staff, { customerId: onFile.id })).status).toBe(200);
    expect(await memosOf(callId)).toEqual([{ customerId: onFile.id, body: '奥様からの電話' }]);
  });

  it('writes a memo on a linked call to its customer at once', async () => {
    const known = await buildCustomer(t.db, { name: '森 一郎', phones: ['090-7777-0004'] });
    const callId = await ring('+819077770004');
    expect((await t.request('POST', `/api/calls/${callId}/memos`, staff, { body: '次回は午後' })).status).toBe(201);
    expect(await memosOf(callId)).toEqual([{ customerId: known.id, body: '次回は午後' }]);
  });

  it("refuses a memo on another store's call, an unknown call and an empty body, and writes nothing", async () => {
    const callId = await ring('+819077770005');
    expect((await t.request('POST', `/api/calls/${callId}/memos`, otherStoreStaff, { body: 'x' })).body).toMatchObject({ error: 'not_found' });
    expect((await t.request('POST', '/api/calls/no-such-call/memos', admin, { body: 'x' })).status).toBe(404);
    expect((await t.request('POST', `/api/calls/${callId}/memos`, staff, { body: '  ' })).body).toMatchObject({ error: 'validation_failed' });
    expect((await t.request('POST', `/api/calls/${callId}/memos`, undefined, { body: 'x' })).status).toBe(401);
    expect(await memosOf(callId)).toEqual([]);
  });

  it("gives a customer registered from a store's call that store as 担当店舗, unless the form says otherwise", async () => {
    const fromCall = await t.request<CallDetail>('POST', `/api/calls/${await ring('+819077770006')}/customer`, staff, { create: { name: '石井 光' } });
    expect(fromCall.status).toBe(200);
    const homeOf = async (id: string) => (await t.db.select({ homeStoreId: customers.homeStoreId }).from(customers).where(eq(customers.id, id)))[0]?.homeStoreId;
    expect(await homeOf(fromCall.body.customer!.id)).toBe(nishifuna.id);

    const none = await t.request<CallDetail>('POST', `/api/calls/${await ring('+819077770007')}/customer`, staff, { create: { name: '石井 二郎', homeStoreCode: null } });
    expect(await homeOf(none.body.customer!.id)).toBeNull();

    const unknownStore = await t.request('POST', `/api/calls/${await ring('+819077770008')}/customer`, staff, { create: { name: '石井 三郎', homeStoreCode: 'nowhere' } });
    expect(unknownStore.status).toBe(400);
    expect(await t.db.select().from(customers).where(eq(customers.name, '石井 三郎'))).toEqual([]);
  });

  it("lists calls with the customer's name beside the number", async () => {
    const named = await buildCustomer(t.db, { name: '藤田 美咲', phones: ['090-7777-0009'] });
    const knownCall = await ring('+819077770009');
    const unknownCall = await ring('+819077770010');
    const list = await t.request<CallList>('GET', '/api/calls?limit=100', staff);
    const byId = new Map(list.body.items.map((c) => [c.callId, c]));
    expect(byId.get(knownCall)).toMatchObject({ customerId: named.id, customerName: '藤田 美咲' });
    expect(byId.get(unknownCall)).toMatchObject({ customerId: null, customerName: null });
  });
});
