import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackView } from '../../common/callbacks';
import { startTestApp, type TestApp } from '../../test/support/app';
import { deliverGuide, deliverJwt, dialpadCall } from '../../test/support/dialpad';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { FakeDialpad } from '../../test/support/fake-dialpad';
import { calls } from '../db/schema';

/** Click-to-call against the stand-in for Dialpad, and the call's events closing (or not) the task it was placed for. */
describe('click-to-call (POST /api/calls/outbound)', () => {
  let fake: FakeDialpad;
  let t: TestApp;
  let store: StoreFixture;
  let staff: Awaited<ReturnType<TestApp['signIn']>>;
  let numberSeq = 0;

  const STORE_NUMBER = '+815017481234';

  /** A missed call from a new number: the open task it made. */
  async function missedTask(app = t): Promise<CallbackView> {
    numberSeq += 1;
    const from = `+8190222${String(numberSeq).padStart(5, '0')}`;
    const event = dialpadCall({ external_number: from, internal_number: STORE_NUMBER });
    await deliverJwt(app.url, event);
    await deliverJwt(app.url, { ...event, state: 'hangup', event_timestamp: (event.event_timestamp as number) + 10 });
    const admin = await app.signIn({ role: 'admin' });
    const items = (await app.request<{ items: CallbackView[] }>('GET', '/api/callbacks?status=open', admin.token)).body.items;
    return items.find((c) => c.phoneE164 === from)!;
  }

  const place = (token: string, body: Record<string, unknown>, app = t) => app.request<Record<string, unknown>>('POST', '/api/calls/outbound', token, body);
  const task = async (id: string, app = t): Promise<CallbackView> => {
    const admin = await app.signIn({ role: 'admin' });
    const all = [
      ...(await app.request<{ items: CallbackView[] }>('GET', '/api/callbacks?status=open&limit=200', admin.token)).body.items,
      ...(await app.request<{ items: CallbackView[] }>('GET', '/api/callbacks?status=done&limit=200', admin.token)).body.items,
    ];
    return all.find((c) => c.id === id)!;
  };

  /** The custom_data Dialpad was given for the last call it accepted. */
  const lastCustomData = () => String(fake.initiatedCalls.at(-1)!.body.custom_data);

  /** The outbound call's events as Dialpad sends them, custom_data echoed on each. */
  function outboundCall(to: string, customData: string): Record<string, unknown> {
    return dialpadCall({
      direction: 'outbound',
      state: 'calling',
      external_number: to,
      internal_number: STORE_NUMBER,
      target: { id: 'dp-staff-1', type: 'user', name: '佐藤 花子' },
      custom_data: customData,
    });
  }

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    t = await startTestApp({ DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
    store = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'], dialpadOfficeId: '124', outboundCallerId: STORE_NUMBER });
    staff = await t.signIn({ role: 'staff', store, name: '佐藤 花子', dialpadUserId: 'dp-staff-1' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("places the call for the signed-in user from the store's number, with our ids in custom_data", async () => {
    const open = await missedTask();
    const typed = open.phone.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/^(.{3})(.{4})/, '$1－$2－');
    const res = await place(staff.token, { phone: typed, callbackId: open.id });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'placing', phoneE164: open.phoneE164, storeCode: 'nishifuna', callbackId: open.id });

    const sent = fake.initiatedCalls.at(-1)!;
    expect(sent.userId).toBe('dp-staff-1');
    expect(sent.body).toMatchObject({ phone_number: open.phoneE164, outbound_caller_id: STORE_NUMBER, group_id: 124, group_type: 'office' });
    expect(JSON.parse(lastCustomData())).toEqual({ cti: 1, u: staff.id, cb: open.id, a: res.body.attemptId });
    expect(lastCustomData().length).toBeLessThan(2048);
    expect(fake.requests.at(-1)!.authorization).toBe(`Bearer ${fake.apiKey}`);

    const after = await task(open.id);
    expect(after).toMatchObject({ status: 'open', attemptCount: 1, attempts: [{ outcome: 'placing', user: { id: staff.id, name: '佐藤 花子' }, reason: null }] });
  });

  it('closes the task as reached when the call connects (JWT format), and keeps the duration', async () => {
    const open = await missedTask();
    expect((await place(staff.token, { phone: open.phone, callbackId: open.id })).status).toBe(202);
    const call = outboundCall(open.phoneE164, lastCustomData());
    const ts = call.event_timestamp as number;
    await deliverJwt(t.url, call);
    await deliverJwt(t.url, { ...call, state: 'connected', date_connected: ts + 1000, event_timestamp: ts + 1000 });
    const reached = await task(open.id);
    expect(reached).toMatchObject({ status: 'done', closeReason: 'reached', closedBy: { id: staff.id }, attempts: [{ outcome: 'answered' }] });

    await deliverJwt(t.url, { ...call, state: 'hangup', date_connected: ts + 1000, date_ended: ts + 61_000, duration: 60_000, event_timestamp: ts + 61_000 });
    expect((await task(open.id)).attempts[0]).toMatchObject({ outcome: 'answered', durationMs: 60_000 });
    const [row] = await t.db.select({ customData: calls.customData }).from(calls).where(eq(calls.id, String(call.call_id)));
    expect(row!.customData).toBe(lastCustomData());
  });

  it("counts an unanswered call and keeps the task open (the guide's format)", async () => {
    const open = await missedTask();
    await place(staff.token, { phone: open.phone, callbackId: open.id });
    const call = outboundCall(open.phoneE164, lastCustomData());
    const ts = call.event_timestamp as number;
    const envelope = (eventType: string, data: Record<string, unknown>) => ({ event_type: eventType, data });
    expect((await deliverGuide(t.url, envelope('call.calling', call))).status).toBe(200);
    expect((await deliverGuide(t.url, envelope('call.ended', { ...call, state: 'hangup', date_ended: ts + 30_000, event_timestamp: ts + 30_000 }))).status).toBe(200);
    const first = await task(open.id);
    expect(first).toMatchObject({ status: 'open', attemptCount: 1, attempts: [{ outcome: 'unanswered', durationMs: null }] });

    // A second try, answered this time, in the guide's format too.
    await place(staff.token, { phone: open.phone, callbackId: open.id });
    const again = outboundCall(open.phoneE164, lastCustomData());
    await deliverGuide(t.url, envelope('call.answered', { ...again, state: 'connected', date_connected: Date.now() }));
    expect(await task(open.id)).toMatchObject({ status: 'done', closeReason: 'reached', attemptCount: 2, attempts: [{ outcome: 'unanswered' }, { outcome: 'answered' }] });
  });

  it("ignores custom_data that is not ours for tasks, and keeps it on the call", async () => {
    const open = await missedTask();
    await place(staff.token, { phone: open.phone, callbackId: open.id });
    const attemptId = (JSON.parse(lastCustomData()) as { a: string }).a;
    const foreign = [
      'plain text from another integration',
      JSON.stringify({ crm: 'x', cb: open.id }),
      // Ours in shape, but cut short by a sender past Dialpad's limit: not ours any more.
      `${JSON.stringify({ cti: 1, u: staff.id, cb: open.id, a: attemptId }).slice(0, -1)},"pad":"${'x'.repeat(3000)}"}`,
      // Ours in shape, naming an attempt that does not exist.
      JSON.stringify({ cti: 1, u: staff.id, cb: open.id, a: '00000000-0000-4000-8000-000000000000' }),
    ];
    for (const data of foreign) {
      const call = outboundCall('+819099990000', data);
      await deliverJwt(t.url, call);
      await deliverJwt(t.url, { ...call, state: 'hangup', event_timestamp: (call.event_timestamp as number) + 10 });
      const [row] = await t.db.select({ customData: calls.customData }).from(calls).where(eq(calls.id, String(call.call_id)));
      expect(row!.customData).toBe(data.length > 2048 ? data.slice(0, 2048) : data);
    }
    expect(await task(open.id)).toMatchObject({ status: 'open', attempts: [{ outcome: 'placing' }] });
  });

  it('says plainly why a call could not be placed, records it on the attempt, and leaves the task open', async () => {
    const open = await missedTask();

    fake.busyUsers.add('dp-staff-1');
    const busy = await place(staff.token, { phone: open.phone, callbackId: open.id });
    fake.busyUsers.delete('dp-staff-1');
    expect(busy).toMatchObject({ status: 409, body: { error: 'dialpad_user_busy' } });

    const unlinked = await t.signIn({ role: 'staff', store });
    expect(await place(unlinked.token, { phone: open.phone, callbackId: open.id })).toMatchObject({ status: 409, body: { error: 'dialpad_user_not_linked' } });

    fake.failNext({ status: 502, body: { error: { code: 502, message: 'Bad gateway' } } });
    expect(await place(staff.token, { phone: open.phone, callbackId: open.id })).toMatchObject({ status: 503, body: { error: 'dialpad_unreachable' } });

    const view = await task(open.id);
    expect(view.status).toBe('open');
    expect(view.attempts.map((a) => [a.outcome, a.reason])).toEqual([
      ['failed', 'dialpad_user_busy'],
      ['failed', 'dialpad_user_not_linked'],
      ['failed', 'dialpad_unreachable'],
    ]);
    expect(view.attemptCount).toBe(0);
  });

  it("passes on Dialpad's limit of 5 calls a minute per user with when to retry", async () => {
    const open = await missedTask();
    const busyBee = await t.signIn({ role: 'staff', store, dialpadUserId: 'dp-busy-bee' });
    for (let i = 0; i < 5; i++) expect((await place(busyBee.token, { phone: '03-1234-5678' })).status).toBe(202);
    const limited = await place(busyBee.token, { phone: open.phone, callbackId: open.id });
    expect(limited).toMatchObject({ status: 429, body: { error: 'dialpad_rate_limited' } });
    expect((limited.body.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(await task(open.id)).toMatchObject({ status: 'open', attempts: [{ outcome: 'failed', reason: 'dialpad_rate_limited' }] });
  });

  it('refuses what it cannot call: a bad number, another store, a closed or foreign task', async () => {
    const open = await missedTask();
    expect(await place(staff.token, { phone: 'abc' })).toMatchObject({ status: 400, body: { error: 'invalid_phone' } });
    expect(await place(staff.token, { phone: '090-0000-0000', callbackId: open.id })).toMatchObject({ status: 400, body: { error: 'validation_failed' } });
    expect((await place(staff.token, { phone: open.phone, extra: 1 })).status).toBe(400);
    const other = await buildStore(t.db, { code: 'kasai', name: '葛西' });
    expect((await place(staff.token, { phone: open.phone, storeCode: 'kasai' })).status).toBe(403);
    const kasaiStaff = await t.signIn({ role: 'staff', store: other, dialpadUserId: 'dp-kasai' });
    expect((await place(kasaiStaff.token, { phone: open.phone, callbackId: open.id })).status).toBe(404);
    await t.request('PATCH', `/api/callbacks/${open.id}`, staff.token, { status: 'done' });
    expect(await place(staff.token, { phone: open.phone, callbackId: open.id })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect((await place(staff.token, { phone: open.phone, customerId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  describe('without Dialpad', () => {
    it('no API key: dialpad_not_configured, kept on the attempt', async () => {
      const bare = await startTestApp();
      try {
        const s = await buildStore(bare.db, { code: 'nishifuna', prefixes: ['0501748'] });
        const user = await bare.signIn({ role: 'staff', store: s, dialpadUserId: 'dp-1' });
        const open = await missedTask(bare);
        expect(await place(user.token, { phone: open.phone, callbackId: open.id }, bare)).toMatchObject({ status: 503, body: { error: 'dialpad_not_configured' } });
        expect(await task(open.id, bare)).toMatchObject({ status: 'open', attempts: [{ outcome: 'failed', reason: 'dialpad_not_configured' }] });
      } finally {
        await bare.close();
      }
    });

    it('Dialpad unreachable (the stand-in stopped): dialpad_unreachable, kept on the attempt', async () => {
      const gone = await FakeDialpad.start();
      await gone.close();
      const offline = await startTestApp({ DIALPAD_API_KEY: gone.apiKey, DIALPAD_API_BASE: gone.url });
      try {
        const s = await buildStore(offline.db, { code: 'nishifuna', prefixes: ['0501748'] });
        const user = await offline.signIn({ role: 'staff', store: s, dialpadUserId: 'dp-1' });
        const open = await missedTask(offline);
        expect(await place(user.token, { phone: open.phone, callbackId: open.id }, offline)).toMatchObject({ status: 503, body: { error: 'dialpad_unreachable' } });
        expect(await task(open.id, offline)).toMatchObject({ status: 'open', attempts: [{ outcome: 'failed', reason: 'dialpad_unreachable' }] });
      } finally {
        await offline.close();
      }
    });
  });
});
