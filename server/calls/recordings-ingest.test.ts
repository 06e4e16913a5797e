import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackView } from '../../common/callbacks';
import type { CallDetail } from '../../common/calls';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { deliverGuide, deliverJwt, dialpadCall } from '../../test/support/dialpad';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { calls } from '../db/schema';

const VOICEMAIL = 'https://dialpad.com/r/voicemail/900.mp3';
const RECORDING = 'https://dialpad.com/r/recording/901.mp3';

describe('voicemail and recordings on calls', () => {
  let t: TestApp;
  let store: StoreFixture;
  let staff: { token: string };
  let socket: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'vm', name: '留守電店', prefixes: ['0501777'] });
    staff = await t.signIn({ role: 'staff', store });
    socket = await t.socket(staff.token);
  });
  afterAll(() => t.close());

  /** A call to the store nobody answers: ringing then missed. */
  async function missedCall(from: string): Promise<Record<string, unknown>> {
    const event = dialpadCall({ external_number: from, internal_number: '+815017771234' });
    await deliverJwt(t.url, event);
    await deliverJwt(t.url, { ...event, state: 'missed', date_ended: Date.now(), event_timestamp: Date.now() + 10 });
    return event;
  }

  const row = async (id: string) => (await t.db.select().from(calls).where(eq(calls.id, id)))[0]!;
  const task = async (phone: string) =>
    ((await t.request<{ items: CallbackView[] }>('GET', '/api/callbacks?status=open', staff.token)).body.items).find((c) => c.phoneE164 === phone);

  it('stores a voicemail uploaded after missed, keeps the call missed and tells the task and the call', async () => {
    const event = await missedCall('+819077770001');
    const callId = String(event.call_id);
    expect((await task('+819077770001'))?.hasVoicemail).toBe(false);
    const callbacks = collectEvents(socket, 'callback_updated');
    const updates = collectEvents(socket, 'call_updated');

    const res = await deliverJwt(t.url, {
      ...event,
      state: 'voicemail_uploaded',
      event_timestamp: Date.now() + 20,
      voicemail_link: VOICEMAIL,
      transcription_text: '折り返しお願いします',
    });
    expect(res.status).toBe(200);
    await waitUntil(() => callbacks.length > 0 && updates.length > 0);

    expect(await row(callId)).toMatchObject({ state: 'missed', voicemailUrl: VOICEMAIL, transcription: '折り返しお願いします', recordings: [] });
    expect(callbacks[0]).toMatchObject({ phoneE164: '+819077770001', status: 'open', hasVoicemail: true, voicemailUrl: VOICEMAIL, reason: 'missed' });
    expect(updates[0]).toMatchObject({ callId, state: 'missed', voicemailUrl: VOICEMAIL, transcription: '折り返しお願いします' });
    expect(await task('+819077770001')).toMatchObject({ hasVoicemail: true, voicemailUrl: VOICEMAIL });

    const detail = await t.request<CallDetail>('GET', `/api/calls/${callId}`, staff.token);
    expect(detail.status).toBe(200);
    expect(detail.body.call).toMatchObject({ state: 'missed', voicemailUrl: VOICEMAIL, recordings: [], transcription: '折り返しお願いします' });
    socket.off('callback_updated');
    socket.off('call_updated');
  });

  it('adds recordings from a recording event and never stores a javascript: link', async () => {
    const event = dialpadCall({ external_number: '+819077770002', internal_number: '+815017771234' });
    const callId = String(event.call_id);
    await deliverJwt(t.url, event);
    await deliverJwt(t.url, { ...event, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() + 5 });
    await deliverJwt(t.url, {
      ...event,
      state: 'recording',
      event_timestamp: Date.now() + 10,
      voicemail_link: 'javascript:alert(1)',
      recording_details: [{ id: 901, recording_type: 'user', url: RECORDING, duration: 30_000, start_time: Date.now() }, { id: 902, url: 'javascript:alert(1)' }],
    });
    const stored = await row(callId);
    expect(stored.state).toBe('answered');
    expect(stored.voicemailUrl).toBeNull();
    expect(stored.recordings).toMatchObject([{ id: '901', type: 'user', url: RECORDING, durationMs: 30_000 }]);
    const list = await t.request<{ items: { callId: string; recordings: unknown[] }[] }>('GET', '/api/calls', staff.token);
    expect(list.body.items.find((c) => c.callId === callId)?.recordings).toHaveLength(1);
  });

  it("accepts the guide's format: its voicemail_uploaded stores the link on the guide's call", async () => {
    const data = { call_id: 'guide-vm-1', caller_number: '090-7777-0003', callee_number: '050-1777-1234', timestamp: new Date().toISOString() };
    await deliverGuide(t.url, { event_type: 'call.ringing', data });
    await deliverGuide(t.url, { event_type: 'call.missed', data: { ...data, timestamp: new Date(Date.now() + 1000).toISOString() } });
    const res = await deliverGuide(t.url, {
      event_type: 'call.voicemail_uploaded',
      data: { ...data, timestamp: new Date(Date.now() + 2000).toISOString(), voicemail_share_link: VOICEMAIL },
    });
    expect(res.status).toBe(200);
    expect(await row('guide-vm-1')).toMatchObject({ state: 'missed', voicemailUrl: VOICEMAIL });
  });

  it('keeps the link of a voicemail that arrives before the call: the call it creates ends missed with it', async () => {
    const event = dialpadCall({ external_number: '+819077770004', internal_number: '+815017771234' });
    const callId = String(event.call_id);
    await deliverJwt(t.url, { ...event, state: 'voicemail_uploaded', voicemail_link: VOICEMAIL, event_timestamp: Date.now() + 30 });
    expect(await row(callId)).toMatchObject({ state: 'ringing', voicemailUrl: VOICEMAIL });
    await deliverJwt(t.url, event);
    await deliverJwt(t.url, { ...event, state: 'missed', date_ended: Date.now(), event_timestamp: Date.now() + 10 });
    expect(await row(callId)).toMatchObject({ state: 'missed', voicemailUrl: VOICEMAIL });
    expect(await task('+819077770004')).toMatchObject({ hasVoicemail: true, voicemailUrl: VOICEMAIL });
  });

  it('reports in GET /api/dialpad/status the calls whose voicemail came without a link', async () => {
    const admin = await t.signIn({ role: 'admin' });
    const before = (await t.request<{ callsMissingRecordingLinks: number }>('GET', '/api/dialpad/status', admin.token)).body;
    const event = await missedCall('+819077770005');
    await deliverJwt(t.url, { ...event, state: 'voicemail_uploaded', event_timestamp: Date.now() + 20 });
    const after = (await t.request<{ callsMissingRecordingLinks: number }>('GET', '/api/dialpad/status', admin.token)).body;
    expect(after.callsMissingRecordingLinks).toBe(before.callsMissingRecordingLinks + 1);
  });
});
