/**
 * Replay is bounded by the event's own signed time: Dialpad sends no `exp`, and dedupe only
 * remembers events still stored, so a captured delivery must also be refused once it is old.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents, type ClientSocket, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { dialpadCall, deliverGuide, deliverJwt, documentedCall, newCallId } from '../../test/support/dialpad';
import { buildStore } from '../../test/support/factories';
import { loadConfig } from '../config';
import { callEvents, calls } from '../db/schema';
import { signedEventTimeMs } from './normalize';
import { DeliveryRefused, refuseOutsideWindow } from './verify';

const HOUR = 3_600_000;
const window = { maxAgeMs: 24 * HOUR, maxFutureMs: 10 * 60_000 };

describe('refuseOutsideWindow (an injected clock)', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  const refusal = (eventMs: number | null): unknown => {
    try {
      refuseOutsideWindow(eventMs, window, now);
      return 'accepted';
    } catch (err) {
      return err instanceof DeliveryRefused ? { code: err.code, refusal: err.refusal } : err;
    }
  };

  it('accepts an event exactly at either edge and refuses one a millisecond beyond', () => {
    expect(refusal(now - window.maxAgeMs)).toBe('accepted');
    expect(refusal(now - window.maxAgeMs - 1)).toEqual({ code: 'stale_event', refusal: { reason: 'stale', direction: 'past' } });
    expect(refusal(now + window.maxFutureMs)).toBe('accepted');
    expect(refusal(now + window.maxFutureMs + 1)).toEqual({ code: 'stale_event', refusal: { reason: 'stale', direction: 'future' } });
    expect(refusal(now)).toBe('accepted');
  });

  it('has nothing to judge without a signed time', () => {
    expect(refusal(null)).toBe('accepted');
  });
});

describe('signedEventTimeMs', () => {
  it("reads Dialpad's event_timestamp, bare or in the guide's envelope, and the guide's own timestamp", () => {
    expect(signedEventTimeMs({ call_id: 1, state: 'ringing', event_timestamp: 1765794600150 })).toBe(1765794600150);
    expect(signedEventTimeMs({ call_id: 1, state: 'ringing', event_timestamp: '1765794600150' })).toBe(1765794600150);
    expect(signedEventTimeMs({ event_type: 'call.ringing', data: { state: 'ringing', event_timestamp: 1765794600150 } })).toBe(1765794600150);
    expect(signedEventTimeMs({ event_type: 'call.ringing', data: { call_id: 'g', timestamp: '2025-12-15T10:30:00+09:00' } })).toBe(
      Date.parse('2025-12-15T10:30:00+09:00'),
    );
    expect(signedEventTimeMs({ event_type: 'call.ringing', data: { call_id: 'g', timestamp: 1765794601 } })).toBe(1765794601000);
  });

  it('is null when the event carries no usable time', () => {
    expect(signedEventTimeMs({ event_type: 'call.ringing', data: { call_id: 'g' } })).toBeNull();
    expect(signedEventTimeMs({ call_id: 1, state: 'ringing' })).toBeNull();
    expect(signedEventTimeMs({ call_id: 1, state: 'ringing', event_timestamp: 'soon' })).toBeNull();
    expect(signedEventTimeMs([1, 2])).toBeNull();
  });
});

describe('POST /api/dialpad/webhook: the replay window', () => {
  let t: TestApp;
  let admin: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'replay', name: 'リプレイ店', prefixes: ['0501748'] });
    admin = await t.socket((await t.signIn({ role: 'admin' })).token);
  });
  afterAll(() => t.close());

  const stored = async (callId: string) => ({
    calls: (await t.db.select().from(calls).where(eq(calls.id, callId))).length,
    events: (await t.db.select().from(callEvents).where(eq(callEvents.callId, callId))).length,
  });
  const staleCount = async (direction: 'past' | 'future'): Promise<number> => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    const match = new RegExp(`^cti_webhook_stale_events_total\\{direction="${direction}"\\} (\\d+)$`, 'm').exec(text);
    return Number(match?.[1] ?? Number.NaN);
  };

  it('refuses a captured delivery replayed long after (the documented 2025 example): 400, counted, stored nowhere, never popped', async () => {
    const popups = collectEvents(admin, 'incoming_call');
    const before = await staleCount('past');
    // The example exactly as signed then, under a call id never seen: dedupe has nothing to remember it by.
    const callId = newCallId();
    const res = await deliverJwt(t.url, { ...documentedCall, call_id: callId, entry_point_call_id: callId });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'stale_event', message: expect.stringMatching(/WEBHOOK_EVENT_MAX_AGE_SECONDS/) as string });
    expect(await stored(String(callId))).toEqual({ calls: 0, events: 0 });
    expect(await staleCount('past')).toBe(before + 1);

    // A fresh call after it pops up, and it is the only popup: the stale one never reached a socket.
    const fresh = dialpadCall();
    expect((await deliverJwt(t.url, fresh)).status).toBe(200);
    await waitUntil(() => popups.some((p) => p.callId === String(fresh.call_id)));
    expect(popups.map((p) => p.callId)).toEqual([String(fresh.call_id)]);
  });

  it('accepts events inside the window: a delivery delayed 23 h, and a sender clock 5 min ahead', async () => {
    const delayed = dialpadCall({ date_started: Date.now() - 23 * HOUR, event_timestamp: Date.now() - 23 * HOUR });
    expect((await deliverJwt(t.url, delayed)).status).toBe(200);
    expect(await stored(String(delayed.call_id))).toEqual({ calls: 1, events: 1 });

    const ahead = dialpadCall({ event_timestamp: Date.now() + 5 * 60_000 });
    expect((await deliverJwt(t.url, ahead)).status).toBe(200);
    expect(await stored(String(ahead.call_id))).toEqual({ calls: 1, events: 1 });
  });

  it('refuses an event dated beyond the future skew, and one 25 h old', async () => {
    const before = await staleCount('future');
    const future = dialpadCall({ event_timestamp: Date.now() + 11 * 60_000 });
    const res = await deliverJwt(t.url, future);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('stale_event');
    expect(await stored(String(future.call_id))).toEqual({ calls: 0, events: 0 });
    expect(await staleCount('future')).toBe(before + 1);

    const old = dialpadCall({ event_timestamp: Date.now() - 25 * HOUR });
    expect((await deliverJwt(t.url, old)).status).toBe(400);
    expect(await stored(String(old.call_id))).toEqual({ calls: 0, events: 0 });
  });

  it("judges the guide's format by its timestamp, and accepts it without one (dedupe still guards that)", async () => {
    const envelope = (data: Record<string, unknown>) => ({
      event_type: 'call.ringing',
      data: { caller_number: '090-1234-5678', callee_number: '050-1748-9999', ...data },
    });
    const old = envelope({ call_id: 'guide-old', timestamp: new Date(Date.now() - 48 * HOUR).toISOString() });
    expect((await deliverGuide(t.url, old)).status).toBe(400);
    expect(await stored('guide-old')).toEqual({ calls: 0, events: 0 });

    const timeless = envelope({ call_id: 'guide-timeless' });
    expect((await deliverGuide(t.url, timeless)).status).toBe(200);
    expect((await deliverGuide(t.url, timeless)).status).toBe(200);
    expect(await stored('guide-timeless')).toEqual({ calls: 1, events: 1 });
  });
});

describe('the replay window settings', () => {
  it('default to 24 h back and 10 min ahead, and can be changed', () => {
    const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/cti-replay-config', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base)).toMatchObject({ webhookEventMaxAgeMs: 24 * HOUR, webhookEventMaxFutureMs: 600_000 });
    expect(loadConfig({ ...base, WEBHOOK_EVENT_MAX_AGE_SECONDS: '172800', WEBHOOK_EVENT_MAX_FUTURE_SECONDS: '60' })).toMatchObject({
      webhookEventMaxAgeMs: 48 * HOUR,
      webhookEventMaxFutureMs: 60_000,
    });
    // Below a minute Dialpad's own retries (about 15 s) and ordinary clock skew would be refused.
    expect(() => loadConfig({ ...base, WEBHOOK_EVENT_MAX_AGE_SECONDS: '30' })).toThrow(/WEBHOOK_EVENT_MAX_AGE_SECONDS/);
  });
});
