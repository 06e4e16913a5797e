import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallList } from '../../common/calls';
import { collectEvents, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { deliverGuide, deliverJwt, dialpadCall } from '../../test/support/dialpad';
import { buildStore } from '../../test/support/factories';
import { callbacks, calls } from '../db/schema';

/** A call Dialpad turned away (state `blocked`): kept in history, never popped, never a call-back task. */
describe('blocked calls', () => {
  let t: TestApp;
  let adminToken: string;
  let staffToken: string;
  let seq = 0;
  const nextNumber = () => `+8190555${String(++seq).padStart(5, '0')}`;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    adminToken = (await t.signIn({ role: 'admin' })).token;
    staffToken = (await t.signIn({ role: 'staff', store })).token;
  });
  afterAll(() => t.close());

  /** What an admin's and a staff member's sockets receive until `deliver` is done and a normal call after it has popped. */
  async function screensDuring(deliver: () => Promise<void>) {
    const sockets = [await t.socket(adminToken), await t.socket(staffToken)];
    const seen = sockets.map((s) => ({ incoming: collectEvents(s, 'incoming_call'), updated: collectEvents(s, 'call_updated') }));
    await deliver();
    // A normal call after it: once it has popped everywhere, anything about the earlier one would have arrived first.
    const marker = dialpadCall({ external_number: nextNumber() });
    expect((await deliverJwt(t.url, marker)).status).toBe(200);
    await waitUntil(() => seen.every((s) => s.incoming.some((p) => p.callId === String(marker.call_id))));
    for (const s of sockets) s.disconnect();
    return seen;
  }

  const callRow = async (id: string) => (await t.db.select().from(calls).where(eq(calls.id, id)))[0];
  const tasksFor = (phone: string) => t.db.select().from(callbacks).where(eq(callbacks.phone, phone));

  it('keeps a blocked call (JWT format) in history, pops it nowhere and opens no task, even with its hangup', async () => {
    const from = nextNumber();
    const event = dialpadCall({ state: 'blocked', external_number: from });
    const seen = await screensDuring(async () => {
      expect((await deliverJwt(t.url, event)).status).toBe(200);
      expect((await deliverJwt(t.url, { ...event, state: 'hangup', event_timestamp: (event.event_timestamp as number) + 50 })).status).toBe(200);
    });
    const id = String(event.call_id);
    for (const s of seen) {
      expect(s.incoming.filter((p) => p.callId === id)).toEqual([]);
      expect(s.updated.filter((p) => p.callId === id)).toEqual([]);
    }
    expect(await callRow(id)).toMatchObject({ state: 'blocked', externalNumber: from, announced: false });
    expect(await tasksFor(from)).toEqual([]);

    const history = await t.request<CallList>('GET', '/api/calls?state=blocked', adminToken);
    expect(history.body.items.map((c) => c.callId)).toContain(id);
  });

  it("keeps the guide's call.blocked the same way", async () => {
    const from = nextNumber();
    const envelope = (eventType: string) => ({
      event_type: eventType,
      data: { call_id: `guide-blocked-${seq}`, caller_number: from, callee_number: '050-1748-1234', timestamp: new Date().toISOString() },
    });
    const seen = await screensDuring(async () => {
      expect((await deliverGuide(t.url, envelope('call.blocked'))).status).toBe(200);
      expect((await deliverGuide(t.url, envelope('call.ended'))).status).toBe(200);
    });
    const id = `guide-blocked-${seq - 1}`;
    for (const s of seen) expect([...s.incoming, ...s.updated].filter((p) => p.callId === id)).toEqual([]);
    expect(await callRow(id)).toMatchObject({ state: 'blocked', provider: 'guide' });
    expect(await tasksFor(from)).toEqual([]);
  });

  it('ends the card of a call that rang before Dialpad blocked it, and opens no task', async () => {
    const from = nextNumber();
    const ringing = dialpadCall({ external_number: from });
    const id = String(ringing.call_id);
    const seen = await screensDuring(async () => {
      expect((await deliverJwt(t.url, ringing)).status).toBe(200);
      expect((await deliverJwt(t.url, { ...ringing, state: 'blocked', event_timestamp: (ringing.event_timestamp as number) + 20 })).status).toBe(200);
      expect((await deliverJwt(t.url, { ...ringing, state: 'missed', event_timestamp: (ringing.event_timestamp as number) + 40 })).status).toBe(200);
    });
    for (const s of seen) {
      expect(s.incoming.filter((p) => p.callId === id)).toHaveLength(1);
      expect(s.updated.filter((p) => p.callId === id).map((p) => p.state)).toEqual(['blocked']);
    }
    expect(await callRow(id)).toMatchObject({ state: 'blocked' });
    expect(await tasksFor(from)).toEqual([]);
  });
});
