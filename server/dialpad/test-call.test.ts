import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallUpdatedPayload, IncomingCallPayload } from '../../common/calls';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { deliverJwt, dialpadCall } from '../../test/support/dialpad';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { callbacks, calls } from '../db/schema';
import { testCallEnder } from './test-call-end';

/** Test calls ring for a second here (CTI_TEST_CALL_SECONDS), then end by themselves. */
let t: TestApp;
let store: StoreFixture;
let adminToken: string;
let staffToken: string;
let otherStaffToken: string;
let staffSocket: ClientSocket;
let incoming: IncomingCallPayload[];
let updates: CallUpdatedPayload[];

beforeAll(async () => {
  t = await startTestApp({ CTI_TEST_CALL_SECONDS: '1' });
  store = await buildStore(t.db, { code: 'testcall-a', name: '西船橋店', prefixes: ['047433'] });
  const other = await buildStore(t.db, { code: 'testcall-b', name: '葛西店', prefixes: ['0356'] });
  adminToken = (await t.signIn({ role: 'admin' })).token;
  staffToken = (await t.signIn({ role: 'staff', store })).token;
  otherStaffToken = (await t.signIn({ role: 'staff', store: other })).token;
  // The store's staff: a test call pops on their screens too, and must end there too.
  staffSocket = await t.socket(staffToken);
  incoming = collectEvents(staffSocket, 'incoming_call');
  updates = collectEvents(staffSocket, 'call_updated');
});
afterAll(() => t.close());

async function testCall(): Promise<string> {
  const res = await t.request<{ data: { callId: string } }>('POST', '/api/dialpad/test-call', adminToken, { customerPhone: '090-1234-5678', incomingNumber: '047-433-0000' });
  expect(res.status).toBe(200);
  return res.body.data.callId;
}

const stateOf = async (callId: string) => (await t.db.select({ state: calls.state }).from(calls).where(eq(calls.id, callId)))[0]?.state;

describe('test calls', () => {
  it('end by themselves: the store staff who saw it pop hear it end, and the database says ended', async () => {
    const callId = await testCall();
    await waitUntil(() => incoming.some((e) => e.callId === callId));
    expect(incoming.find((e) => e.callId === callId)).toMatchObject({ isTest: true, store: { code: store.code } });
    // No hand ends it: only its own timer can send this.
    await waitUntil(() => updates.some((u) => u.callId === callId && u.state === 'ended'));
    expect(updates.find((u) => u.callId === callId)).toMatchObject({ state: 'ended', isTest: true });
    expect(await stateOf(callId)).toBe('ended');
    const active = await t.request<{ items: { callId: string }[] }>('GET', '/api/calls/active', staffToken);
    expect(active.body.items.map((c) => c.callId)).not.toContain(callId);
  });

  it('end at once with the card’s 終了, for the store’s staff too; again is harmless; others are told it does not exist', async () => {
    const callId = await testCall();
    expect((await t.request('POST', `/api/dialpad/test-call/${callId}/end`, otherStaffToken)).status).toBe(404);
    const ended = await t.request('POST', `/api/dialpad/test-call/${callId}/end`, staffToken);
    expect(ended).toMatchObject({ status: 200, body: { callId, state: 'ended' } });
    await waitUntil(() => updates.some((u) => u.callId === callId && u.state === 'ended'));
    expect((await t.request('POST', `/api/dialpad/test-call/${callId}/end`, adminToken)).body).toEqual({ callId, state: 'ended' });
    // Ended once: the button and the timer send the same event, kept once.
    expect(updates.filter((u) => u.callId === callId)).toHaveLength(1);
    expect((await t.request('POST', `/api/dialpad/test-call/${callId}/end`)).status).toBe(401);
  });

  it('end nothing but test calls: a real call, or none, is not found', async () => {
    const call = dialpadCall({ internal_number: '+81474330000' });
    await deliverJwt(t.url, call);
    const real = await t.request('POST', `/api/dialpad/test-call/${String(call.call_id)}/end`, adminToken);
    expect(real).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await stateOf(String(call.call_id))).toBe('ringing');
    expect((await t.request('POST', '/api/dialpad/test-call/test-nope/end', adminToken)).status).toBe(404);
  });

  it('left ringing by a process that stopped, are ended by the sweep every node runs at start and each minute', async () => {
    const seed = { provider: 'test' as const, direction: 'inbound' as const, state: 'ringing' as const, externalNumber: '+819012345678', storeId: store.id, isTest: true, announced: true };
    const long = new Date(Date.now() - 3_600_000);
    await t.db.insert(calls).values([
      { ...seed, id: 'test-left-over', startedAt: long },
      { ...seed, id: 'test-just-rang', startedAt: new Date() },
      { ...seed, id: 'real-left-ringing', provider: 'dialpad', isTest: false, startedAt: long },
    ]);
    const ender = testCallEnder({ db: t.db, realtime: t.app.realtime, directory: t.app.directory, log: t.app.log }, 60_000);
    try {
      expect(await ender.sweep()).toBe(1);
    } finally {
      await ender.close();
    }
    await waitUntil(() => updates.some((u) => u.callId === 'test-left-over' && u.state === 'ended'));
    expect([await stateOf('test-left-over'), await stateOf('test-just-rang'), await stateOf('real-left-ringing')]).toEqual(['ended', 'ringing', 'ringing']);
  });

  it('count in no figure: not in the real-calls list the dashboard counts, no call-back, not in /metrics, not as Dialpad reaching us', async () => {
    const callId = await testCall();
    await t.request('POST', `/api/dialpad/test-call/${callId}/end`, adminToken);
    const real = await t.request<{ items: { callId: string; isTest: boolean }[] }>('GET', '/api/calls?test=false&limit=200', adminToken);
    expect(real.body.items.some((c) => c.isTest)).toBe(false);
    expect(real.body.items.length).toBeGreaterThan(0);
    const onlyTests = await t.request<{ items: { callId: string; isTest: boolean }[] }>('GET', '/api/calls?test=true&limit=200', staffToken);
    expect(onlyTests.body.items.map((c) => c.callId)).toContain(callId);
    expect(onlyTests.body.items.every((c) => c.isTest)).toBe(true);
    // Every test call of this file ended unanswered, yet none left a call-back; /metrics counts only the real call's pop.
    expect(await t.db.select().from(callbacks).where(eq(callbacks.storeId, store.id))).toHaveLength(0);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const broadcasts = /cti_broadcast_duration_seconds_count\{event="incoming_call"\} (\d+)/.exec(metrics)?.[1];
    expect(Number(broadcasts ?? 0)).toBe(1);
    expect((await t.request('GET', '/api/calls?test=nonsense', adminToken)).status).toBe(400);
    const status = await t.request<{ lastEventState: string }>('GET', '/api/dialpad/status', adminToken);
    expect(status.body.lastEventState).toBe('ringing');
  });
});
