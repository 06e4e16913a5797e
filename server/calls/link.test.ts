import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../common/customers';
import { callbacks, calls, customerPhones, customers } from '../db/schema';
import { collectEvents, nextEvent, startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildCustomer, buildStore, type StoreFixture } from '../../test/support/factories';
import type { CallDetail } from '../../common/calls';

const UNKNOWN = '5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a';

describe('POST /api/calls/:callId/customer', () => {
  let t: TestApp;
  let nishifuna: StoreFixture;
  let kasai: StoreFixture;
  let admin: string;
  let staff: { id: string; token: string };
  let otherStoreStaff: { id: string; token: string };

  const link = (callId: string, body: unknown, token = staff.token) => t.request<CallDetail>('POST', `/api/calls/${callId}/customer`, token, body);
  /** A call ringing at nishifuna (or another store's number) from this number; returns its id. */
  const ring = async (from: string, to = '+815017481234'): Promise<string> => {
    const event = dialpadCall({ external_number: from, internal_number: to });
    expect((await deliverJwt(t.url, event)).status).toBe(200);
    return String(event.call_id);
  };
  const linkedTo = async (callId: string) => (await t.db.select({ customerId: calls.customerId }).from(calls).where(eq(calls.id, callId)))[0]?.customerId;
  const phonesOf = async (customerId: string) =>
    t.db.select({ e164: customerPhones.e164, label: customerPhones.label }).from(customerPhones).where(eq(customerPhones.customerId, customerId)).orderBy(asc(customerPhones.position));
  const customersNamed = async (name: string) => t.db.select().from(customers).where(eq(customers.name, name));

  beforeAll(async () => {
    t = await startTestApp();
    nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    kasai = await buildStore(t.db, { code: 'kasai', name: '葛西', prefixes: ['0501749'] });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = await t.signIn({ role: 'staff', store: nishifuna, name: '西船 スタッフ' });
    otherStoreStaff = await t.signIn({ role: 'staff', store: kasai });
  });
  afterAll(() => t.close());

  it('links an unknown caller to a customer, keeps the number, and tells the open cards who it is', async () => {
    const customer = await buildCustomer(t.db, { name: '小林 直子', nameKana: 'コバヤシ ナオコ', phones: ['03-1111-2222'] });
    const callId = await ring('+819055550001');
    const storeUpdates = collectEvents(await t.socket(staff.token), 'call_updated');
    const otherStoreUpdates = collectEvents(await t.socket(otherStoreStaff.token), 'call_updated');
    const pushed = nextEvent(await t.socket(admin), 'call_updated');

    const res = await link(callId, { customerId: customer.id });
    expect(res.status).toBe(200);
    expect(res.body.call).toMatchObject({ callId, customerId: customer.id, state: 'ringing' });
    expect(res.body.customer).toEqual({ id: customer.id, name: '小林 直子', nameKana: 'コバヤシ ナオコ', caution: false, cautionReason: '', tags: [], notes: '' });
    expect(res.body.candidates).toEqual([]);

    expect(await linkedTo(callId)).toBe(customer.id);
    expect(await phonesOf(customer.id)).toEqual([
      { e164: '+81311112222', label: 'other' },
      { e164: '+819055550001', label: 'mobile' },
    ]);
    expect(await pushed).toMatchObject({ type: 'call_updated', callId, state: 'ringing', store: { code: 'nishifuna' }, customer: { id: customer.id, name: '小林 直子' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(storeUpdates.map((u) => u.callId)).toEqual([callId]);
    expect(otherStoreUpdates).toEqual([]);

    // The call's own later updates say who it is too.
    const answered = nextEvent(await t.socket(admin), 'call_updated');
    await deliverJwt(t.url, { ...dialpadCall({ call_id: Number(callId), external_number: '+819055550001' }), state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() + 10 });
    expect(await answered).toMatchObject({ callId, state: 'answered', customer: { id: customer.id } });
  });

  it('picks one holder of a shared number without adding the number twice', async () => {
    const father = await buildCustomer(t.db, { name: '伊藤 父', phones: ['047-333-4444'] });
    await buildCustomer(t.db, { name: '伊藤 娘', phones: ['0473334444'] });
    const callId = await ring('+81473334444');
    const before = (await t.request<CallDetail>('GET', `/api/calls/${callId}`, staff.token)).body;
    expect(before.customer).toBeNull();
    expect(before.candidates).toHaveLength(2);

    const res = await link(callId, { customerId: father.id });
    expect(res.body).toMatchObject({ customer: { id: father.id }, candidates: [] });
    expect(await phonesOf(father.id)).toEqual([{ e164: '+81473334444', label: 'other' }]);
  });

  it('creates a customer prefilled with the number and links the call', async () => {
    const callId = await ring('+819055550002');
    const res = await link(callId, {
      create: { name: '新規 太郎', nameKana: 'シンキ タロウ', phones: ['03-2222-3333', '090-5555-0002'], homeStoreCode: 'nishifuna', caution: true, cautionReason: '早口' },
    });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ name: '新規 太郎', caution: true, cautionReason: '早口' });
    const id = res.body.customer!.id;
    expect(await linkedTo(callId)).toBe(id);

    const record = await t.request<Customer>('GET', `/api/customers/${id}`, staff.token);
    // The caller's number first, typed again in another form and kept once.
    expect(record.body.phones.map((p) => p.display)).toEqual(['090-5555-0002', '03-2222-3333']);
    expect(record.body).toMatchObject({ homeStore: { code: 'nishifuna' }, createdBy: { id: staff.id, name: '西船 スタッフ' } });
  });

  it.each([
    ['body.create.name', { create: { nameKana: 'ナナシ' } }, 'validation_failed'],
    ['body.create.email', { create: { name: '検証 失敗', email: 'not-an-email' } }, 'validation_failed'],
    ['body.create.phones.1', { create: { name: '検証 失敗', phones: ['03-1234-5678', 'abc'] } }, 'invalid_phone'],
    ['body.create.homeStoreCode', { create: { name: '検証 失敗', homeStoreCode: 'nowhere' } }, 'validation_failed'],
    ['body', { customerId: UNKNOWN, create: { name: '検証 失敗' } }, 'validation_failed'],
    ['body', {}, 'validation_failed'],
  ])('refuses a bad body with 400 naming %s and writes nothing', async (field, body, code) => {
    const callId = await ring('+819055550003');
    const res = await link(callId, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: code });
    expect(res.body.message).toContain(field);
    expect(await linkedTo(callId)).toBeNull();
    expect(await customersNamed('検証 失敗')).toEqual([]);
  });

  it('answers 404 for an unknown call or customer and leaves the call unlinked', async () => {
    const callId = await ring('+819055550004');
    for (const customerId of [UNKNOWN, 'nope']) {
      const res = await link(callId, { customerId });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found', message: 'Customer not found' });
    }
    expect(await linkedTo(callId)).toBeNull();
    expect(await t.db.select().from(customerPhones).where(eq(customerPhones.e164, '+819055550004'))).toEqual([]);

    const customer = await buildCustomer(t.db, { name: '未知 通話' });
    expect((await link('no-such-call', { customerId: customer.id })).status).toBe(404);
    expect((await link('no-such-call', { create: { name: '存在しない 通話' } })).status).toBe(404);
    expect(await customersNamed('存在しない 通話')).toEqual([]);
  });

  it("lets staff link only their own store's calls", async () => {
    const callId = await ring('+819055550005');
    const customer = await buildCustomer(t.db, { name: '店舗 確認' });
    const refused = await link(callId, { customerId: customer.id }, otherStoreStaff.token);
    expect(refused.status).toBe(404);
    expect((await link(callId, { create: { name: '他店 作成' } }, otherStoreStaff.token)).status).toBe(404);
    expect((await link(callId, { customerId: customer.id }, '')).status).toBe(401);
    expect(await linkedTo(callId)).toBeNull();
    expect(await customersNamed('他店 作成')).toEqual([]);
    expect(await phonesOf(customer.id)).toEqual([]);

    const kasaiCall = await ring('+819055550006', '+815017491234');
    expect((await link(kasaiCall, { customerId: customer.id }, otherStoreStaff.token)).status).toBe(200);
    expect((await link(kasaiCall, { customerId: customer.id }, admin)).status).toBe(200);
  });

  it('names the customer on the call-back task a missed call opened, and tells the store', async () => {
    const customer = await buildCustomer(t.db, { name: '折返 待ち', phones: ['03-8888-0000'] });
    const callId = await ring('+819055550008');
    await deliverJwt(t.url, { ...dialpadCall({ call_id: Number(callId), external_number: '+819055550008' }), state: 'hangup', event_timestamp: Date.now() + 10 });
    const task = async () => (await t.db.select().from(callbacks).where(eq(callbacks.phone, '+819055550008')))[0];
    expect(await task()).toMatchObject({ status: 'open', customerId: null });
    const pushed = nextEvent(await t.socket(staff.token), 'callback_updated');

    expect((await link(callId, { customerId: customer.id })).status).toBe(200);
    expect(await task()).toMatchObject({ status: 'open', customerId: customer.id });
    expect(await pushed).toMatchObject({ phone: '09055550008', customer: { id: customer.id, name: '折返 待ち' } });
  });

  it('leaves nothing half-written when the last step fails', async () => {
    const callId = await ring('+819055550007');
    const existing = await buildCustomer(t.db, { name: '途中 失敗', phones: ['03-7777-0000'] });
    // Make the call's update (the last step) fail for this call only.
    await t.db.execute(sql.raw(`CREATE FUNCTION refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = '${callId}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`));
    await t.db.execute(sql.raw('CREATE TRIGGER refuse_link BEFORE UPDATE OF customer_id ON calls FOR EACH ROW EXECUTE FUNCTION refuse_link()'));
    try {
      const created = await link(callId, { create: { name: '途中 作成', phones: ['03-7777-1111'] } });
      expect(created.status).toBe(500);
      expect(created.body).toEqual({ error: 'internal_error', message: 'Something went wrong on our side' });
      expect(await customersNamed('途中 作成')).toEqual([]);

      expect((await link(callId, { customerId: existing.id })).status).toBe(500);
      expect(await phonesOf(existing.id)).toEqual([{ e164: '+81377770000', label: 'other' }]);
      expect(await linkedTo(callId)).toBeNull();
      expect(await t.db.select().from(customerPhones).where(eq(customerPhones.e164, '+819055550007'))).toEqual([]);
    } finally {
      await t.db.execute(sql.raw('DROP TRIGGER refuse_link ON calls'));
      await t.db.execute(sql.raw('DROP FUNCTION refuse_link()'));
    }
    expect((await link(callId, { customerId: existing.id })).status).toBe(200);
  });
});
