import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackView } from '../../common/callbacks';
import type { CallView } from '../../common/calls';
import { calls } from '../db/schema';
import { startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildStore } from '../../test/support/factories';

const ten20 = [{ open: '10:00', close: '20:00' }];
const everyDay = { mon: ten20, tue: ten20, wed: ten20, thu: ten20, fri: ten20, sat: ten20, sun: ten20 };

/** Thursday 2026-12-03 in Tokyo. */
const AT_15_JST = Date.parse('2026-12-03T06:00:00Z');
const AT_23_JST = Date.parse('2026-12-03T14:00:00Z');
const NEXT_DAY_11_JST = Date.parse('2026-12-04T02:00:00Z');

describe('after-hours misses', () => {
  let t: TestApp;
  let admin: string;

  /** A call that rang at `startedAt` and ended unanswered (delivered now, as Dialpad would after the fact). */
  async function missedCall(from: string, to: string, startedAt: number): Promise<string> {
    const event = dialpadCall({ external_number: from, internal_number: to, date_started: startedAt, date_rang: startedAt + 100 });
    expect((await deliverJwt(t.url, event)).status).toBe(200);
    expect((await deliverJwt(t.url, { ...event, state: 'hangup', event_timestamp: Date.now() + 10 })).status).toBe(200);
    return String(event.call_id);
  }
  const tasks = async (query: string) => (await t.request<{ items: CallbackView[] }>('GET', `/api/callbacks?status=open${query}`, admin)).body.items;
  const callView = async (id: string) => (await t.request<{ call: CallView }>('GET', `/api/calls/${id}`, admin)).body.call;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
    await buildStore(t.db, { code: 'open-ten', name: '十時開店', prefixes: ['0501760'] });
    await buildStore(t.db, { code: 'no-hours', name: '時間未設定', prefixes: ['0501761'] });
    const saved = await t.request('PATCH', '/api/stores/open-ten', admin, { hours: { weekly: everyDay } });
    expect(saved.status).toBe(200);
  });
  afterAll(() => t.close());

  it('makes a call missed at 23:00 JST an after-hours task, listed apart from the queue', async () => {
    const callId = await missedCall('+819022220001', '+815017601234', AT_23_JST);
    const [row] = await t.db.select({ afterHours: calls.afterHours }).from(calls).where(eq(calls.id, callId));
    expect(row?.afterHours).toBe(true);
    expect((await callView(callId)).afterHours).toBe(true);

    const apart = (await tasks('&queue=after_hours')).filter((c) => c.phoneE164 === '+819022220001');
    expect(apart).toEqual([expect.objectContaining({ queue: 'after_hours', lastCallId: callId, store: { code: 'open-ten', name: '十時開店' } })]);
    expect((await tasks('&queue=regular')).some((c) => c.phoneE164 === '+819022220001')).toBe(false);
    // Without the filter, both kinds are listed (each says its queue).
    expect((await tasks('')).find((c) => c.phoneE164 === '+819022220001')?.queue).toBe('after_hours');
  });

  it('makes a call missed at 15:00 JST a during-hours task', async () => {
    const callId = await missedCall('+819022220002', '+815017601234', AT_15_JST);
    expect((await callView(callId)).afterHours).toBe(false);
    expect((await tasks('&queue=regular')).find((c) => c.phoneE164 === '+819022220002')).toMatchObject({ queue: 'regular', lastCallId: callId });
    expect((await tasks('&queue=after_hours')).some((c) => c.phoneE164 === '+819022220002')).toBe(false);
  });

  it('counts every call of a store without hours as during hours', async () => {
    const callId = await missedCall('+819022220003', '+815017611234', AT_23_JST);
    expect((await callView(callId)).afterHours).toBe(false);
    expect((await tasks('&queue=regular')).some((c) => c.phoneE164 === '+819022220003')).toBe(true);
  });

  it('moves a task to the queue when the same caller also missed the store while it was open', async () => {
    await missedCall('+819022220004', '+815017601234', AT_23_JST);
    const next = await missedCall('+819022220004', '+815017601234', NEXT_DAY_11_JST);
    const mine = (await tasks('')).filter((c) => c.phoneE164 === '+819022220004');
    expect(mine).toEqual([expect.objectContaining({ queue: 'regular', callCount: 2, lastCallId: next })]);
  });

  it('keeps after-hours misses out of the missed-during-hours figures of the day', async () => {
    const from = new Date(AT_15_JST - 6 * 3600_000).toISOString();
    const to = new Date(AT_23_JST + 3600_000).toISOString();
    const day = (await t.request<{ items: CallView[] }>('GET', `/api/calls?store=open-ten&from=${from}&to=${to}&limit=100`, admin)).body.items;
    const missed = day.filter((c) => c.state === 'missed' || c.state === 'voicemail');
    expect(missed.filter((c) => c.afterHours).map((c) => c.customerPhoneE164).sort()).toEqual(['+819022220001', '+819022220004']);
    expect(missed.filter((c) => !c.afterHours).map((c) => c.customerPhoneE164)).toEqual(['+819022220002']);
  });

  it('refuses a queue the API does not have', async () => {
    const res = await t.request('GET', '/api/callbacks?status=open&queue=night', admin);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'querystring.queue', code: 'invalid_value' })]);
  });
});
