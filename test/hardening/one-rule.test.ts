/**
 * One rule in every place (docs/security.md, "Who can do what"): what the authorization table
 * cannot see from statuses alone. The database after a refused write, the socket events each
 * store's staff receive, and the Dialpad user a call rang seeing that call everywhere.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPhones, visits } from '../../server/db/schema';
import { collectEvents, startTestApp, type TestApp, waitUntil } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { buildCustomer, buildStore, type StoreFixture } from '../support/factories';

describe('one rule in every place', () => {
  let t: TestApp;
  let storeA: StoreFixture;
  let storeB: StoreFixture;
  let staffA: string;
  let staffB: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    storeA = await buildStore(t.db, { code: 'rule-a', name: '西船橋', prefixes: ['0501751'] });
    storeB = await buildStore(t.db, { code: 'rule-b', name: '葛西', prefixes: ['0501752'] });
    staffA = (await t.signIn({ role: 'staff', store: storeA })).token;
    staffB = (await t.signIn({ role: 'staff', store: storeB })).token;
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  describe('visits are their store’s record', () => {
    const visitOf = async (customerId: string, storeCode: string | null, token = admin) => {
      const res = await t.request<{ id: string }>('POST', `/api/customers/${customerId}/visits`, token, { visitedAt: '2026-01-05T10:00:00.000Z', storeCode, note: '元のまま' });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const row = async (id: string) => (await t.db.select().from(visits).where(eq(visits.id, id)))[0];

    it('staff of another store may neither change nor delete one, and the row stays as it was', async () => {
      const { id: customerId } = await buildCustomer(t.db);
      const visitId = await visitOf(customerId, storeB.code);
      const before = await row(visitId);
      const patch = await t.request('PATCH', `/api/customers/${customerId}/visits/${visitId}`, staffA, { note: '書き換え', amountYen: 1 });
      expect(patch).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((await t.request('DELETE', `/api/customers/${customerId}/visits/${visitId}`, staffA)).status).toBe(403);
      expect(await row(visitId)).toEqual(before);
      // The store's own staff and admins may.
      expect((await t.request('PATCH', `/api/customers/${customerId}/visits/${visitId}`, staffB, { note: '店で直した' })).status).toBe(200);
      expect((await t.request('DELETE', `/api/customers/${customerId}/visits/${visitId}`, admin)).status).toBe(204);
      expect(await row(visitId)).toBeUndefined();
    });

    it('staff may not record one for another store, nor move their own there', async () => {
      const { id: customerId } = await buildCustomer(t.db);
      const created = await t.request('POST', `/api/customers/${customerId}/visits`, staffA, { visitedAt: '2026-01-05T10:00:00.000Z', storeCode: storeB.code });
      expect(created.status).toBe(403);
      expect(await t.db.select().from(visits).where(eq(visits.customerId, customerId))).toEqual([]);
      const own = await visitOf(customerId, storeA.code, staffA);
      const before = await row(own);
      expect((await t.request('PATCH', `/api/customers/${customerId}/visits/${own}`, staffA, { storeCode: storeB.code })).status).toBe(403);
      expect(await row(own)).toEqual(before);
    });

    it('one of no store is its author’s (and admins’)', async () => {
      const { id: customerId } = await buildCustomer(t.db);
      const mine = await visitOf(customerId, null, staffA);
      expect((await t.request('PATCH', `/api/customers/${customerId}/visits/${mine}`, staffA, { note: '自分の' })).status).toBe(200);
      expect((await t.request('PATCH', `/api/customers/${customerId}/visits/${mine}`, staffB, { note: '他人の' })).status).toBe(403);
      expect((await row(mine))?.note).toBe('自分の');
    });
  });

  describe('phones: staff may not leave a known caller with none', () => {
    const phonesOf = async (customerId: string) =>
      (await t.db.select({ e164: customerPhones.e164 }).from(customerPhones).where(eq(customerPhones.customerId, customerId))).map((p) => p.e164);

    it('refuses staff of any store clearing them, and keeps the numbers', async () => {
      const { id } = await buildCustomer(t.db, { phones: ['090-2222-0001', '03-1234-5678'] });
      for (const token of [staffA, staffB]) {
        expect(await t.request('PATCH', `/api/customers/${id}`, token, { phones: [] })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      }
      expect((await phonesOf(id)).sort()).toEqual(['+81312345678', '+819022220001']);
    });

    it('lets staff correct, add and remove numbers while one is left, and admins clear them', async () => {
      const { id } = await buildCustomer(t.db, { phones: ['090-2222-0002', '090-2222-0003'] });
      expect((await t.request('PATCH', `/api/customers/${id}`, staffA, { phones: ['090-2222-0004'] })).status).toBe(200);
      expect(await phonesOf(id)).toEqual(['+819022220004']);
      expect((await t.request('PATCH', `/api/customers/${id}`, admin, { phones: [] })).status).toBe(200);
      expect(await phonesOf(id)).toEqual([]);
      // Nothing to lose: a customer without numbers may be saved without numbers.
      expect((await t.request('PATCH', `/api/customers/${id}`, staffA, { phones: [], notes: '番号なし' })).status).toBe(200);
    });
  });

  describe('calls', () => {
    const customerPhone = '+819022229999';

    it('sends each store’s pops, updates and call-backs to that store’s staff only', async () => {
      await buildCustomer(t.db, { name: '共通 顧客', phones: [customerPhone] });
      const socketA = await t.socket(staffA);
      const seen = {
        incoming: collectEvents(socketA, 'incoming_call'),
        updated: collectEvents(socketA, 'call_updated'),
        callbacks: collectEvents(socketA, 'callback_updated'),
      };
      // Store B's call rings and is missed (a call-back of B), and one of no known store rings; then A's.
      const b = dialpadCall({ external_number: customerPhone, internal_number: '+815017521234', target: { id: 7001, type: 'office', name: '葛西' } });
      await deliverJwt(t.url, b);
      await deliverJwt(t.url, { ...b, state: 'missed', event_timestamp: (b.event_timestamp as number) + 1 });
      const none = dialpadCall({ external_number: customerPhone, internal_number: '+815099991234', target: { id: 7002, type: 'office', name: '不明' } });
      await deliverJwt(t.url, none);
      const a = dialpadCall({ external_number: customerPhone, internal_number: '+815017511234', target: { id: 7003, type: 'office', name: '西船橋' } });
      await deliverJwt(t.url, a);
      // Published in order on one node: once A's pop is here, anything sent before it is here too.
      await waitUntil(() => seen.incoming.length > 0);
      expect(seen.incoming.map((p) => p.callId)).toEqual([String(a.call_id)]);
      const hidden = [String(b.call_id), String(none.call_id)];
      expect(seen.updated.filter((u) => hidden.includes(u.callId))).toEqual([]);
      expect(seen.callbacks.filter((c) => hidden.includes(c.lastCallId))).toEqual([]);
      socketA.disconnect();
    });

    it('shows a call to the Dialpad user it rang in every place, as it pops up for them', async () => {
      const rung = await t.signIn({ role: 'staff', store: storeB, dialpadUserId: '7100' });
      const socket = await t.socket(rung.token);
      const popups = collectEvents(socket, 'incoming_call');
      const call = dialpadCall({ external_number: '+819022228888', internal_number: '+815017511234', target: { id: 7100, type: 'user', name: 'りん' } });
      await deliverJwt(t.url, call);
      await waitUntil(() => popups.length > 0);
      const callId = String(call.call_id);
      expect(popups[0]).toMatchObject({ callId, store: { code: storeA.code } });
      expect((await t.request('GET', `/api/calls/${callId}`, rung.token)).status).toBe(200);
      const lists = await Promise.all(['/api/calls', '/api/calls/active'].map((p) => t.request('GET', p, rung.token)));
      for (const list of lists) expect(JSON.stringify(list.body)).toContain(callId);
      // Not the store's other calls: the rung user is not store A's staff.
      const other = dialpadCall({ external_number: '+819022227777', internal_number: '+815017511234', target: { id: 7101, type: 'user', name: '別人' } });
      await deliverJwt(t.url, other);
      expect((await t.request('GET', `/api/calls/${String(other.call_id)}`, rung.token)).status).toBe(404);
      expect(JSON.stringify((await t.request('GET', '/api/calls', rung.token)).body)).not.toContain(String(other.call_id));
      socket.disconnect();
    });
  });
});
