import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, calls } from '../db/schema';
import { type ClientSocket, collectEvents, nextEvent, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { dialpadCall, dialpadJwt, deliverGuide, deliverJwt, guideSignature } from '../../test/support/dialpad';
import { buildCustomer, buildStore, type StoreFixture } from '../../test/support/factories';

describe('POST /api/dialpad/webhook', () => {
  let t: TestApp;
  let nishifuna: StoreFixture;
  let kasai: StoreFixture;
  let admin: ClientSocket;
  let nishifunaStaff: ClientSocket;
  let kasaiStaff: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp();
    nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    kasai = await buildStore(t.db, { code: 'kasai', name: '葛西', prefixes: ['0501749'] });
    await buildCustomer(t.db, { name: '佐藤 一郎', nameKana: 'サトウ イチロウ', phones: ['090-1234-5678'] });
    admin = await t.socket((await t.signIn({ role: 'admin' })).token);
    nishifunaStaff = await t.socket((await t.signIn({ role: 'staff', store: nishifuna })).token);
    kasaiStaff = await t.socket((await t.signIn({ role: 'staff', store: kasai })).token);
  });
  afterAll(() => t.close());

  it('pops a signed ringing call up on admin and store sockets with customer and store, and only there', async () => {
    const kasaiSeen = collectEvents(kasaiStaff, 'incoming_call');
    const toAdmin = nextEvent(admin, 'incoming_call');
    const toStore = nextEvent(nishifunaStaff, 'incoming_call');
    const event = dialpadCall();

    const res = await deliverJwt(t.url, event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });

    const popup = await toAdmin;
    expect(popup).toMatchObject({
      type: 'incoming_call',
      callId: String(event.call_id),
      state: 'ringing',
      customerPhone: '09012345678',
      customerPhoneE164: '+819012345678',
      incomingNumber: '05017481234',
      store: { code: 'nishifuna', name: '西船橋' },
      customer: { name: '佐藤 一郎', nameKana: 'サトウ イチロウ' },
      agent: { id: '456', name: '山田 太郎' },
      isTest: false,
    });
    expect(await toStore).toEqual(popup);

    // A call to Kasai reaches Kasai's staff first: proof the Nishifuna call never did.
    const kasaiCall = nextEvent(kasaiStaff, 'incoming_call');
    await deliverJwt(t.url, dialpadCall({ internal_number: '+815017491111' }));
    expect((await kasaiCall).store?.code).toBe('kasai');
    expect(kasaiSeen.map((p) => p.store?.code)).toEqual(['kasai']);

    const [row] = await t.db.select().from(calls).where(eq(calls.id, String(event.call_id)));
    expect(row).toMatchObject({ state: 'ringing', storeId: nishifuna.id, externalNumber: '+819012345678', announced: true });
  });

  it('accepts the JWT whatever the Content-Type, or none', async () => {
    for (const type of ['application/jwt', 'application/octet-stream', undefined]) {
      const res = await fetch(`${t.url}/api/dialpad/webhook`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: await dialpadJwt(dialpadCall({ state: 'recording' })),
      });
      expect(res.status, String(type)).toBe(200);
    }
  });

  it('acknowledges a duplicate delivery and drops it: one row, one popup', async () => {
    const seen = collectEvents(admin, 'incoming_call');
    const event = dialpadCall();
    const jwt = await dialpadJwt(event);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: jwt });
      expect(res.status).toBe(200);
    }
    await deliverJwt(t.url, dialpadCall()); // a marker call after the duplicates
    await waitUntil(() => seen.length >= 2);
    expect(seen.map((p) => p.callId).filter((id) => id === String(event.call_id))).toHaveLength(1);
    const rows = await t.db.select().from(callEvents).where(eq(callEvents.callId, String(event.call_id)));
    expect(rows).toHaveLength(1);
  });

  it('gives the legs of one call one popup, and follows it to answered and ended', async () => {
    const root = dialpadCall();
    const rootId = root.call_id as number;
    const legB = { ...root, call_id: rootId + 1000, target: { id: 789, type: 'user', name: '鈴木 花子' } };
    const popups = collectEvents(admin, 'incoming_call');
    const updates = collectEvents(admin, 'call_updated');

    await deliverJwt(t.url, root);
    await deliverJwt(t.url, legB);
    const now = Date.now();
    await deliverJwt(t.url, { ...legB, state: 'connected', date_connected: now, event_timestamp: now });
    await deliverJwt(t.url, { ...root, call_id: rootId + 2000, target: { id: 456, type: 'user', name: '山田 太郎' }, state: 'hangup', event_timestamp: now + 1 });
    await deliverJwt(t.url, { ...legB, state: 'hangup', date_connected: now, date_ended: now + 30_000, duration: 30_000, event_timestamp: now + 30_000 });

    await waitUntil(() => updates.filter((u) => u.callId === String(rootId)).length >= 2);
    expect(popups.filter((p) => p.callId === String(rootId))).toHaveLength(1);
    const mine = updates.filter((u) => u.callId === String(rootId));
    expect(mine.map((u) => u.state)).toEqual(['answered', 'ended']);
    expect(mine[0]!.answeredBy).toMatchObject({ id: '789', name: '鈴木 花子' });
    expect(mine[1]!.durationMs).toBe(30_000);
  });

  it('never moves a call backwards: a ringing after hangup pops nothing and the call stays missed', async () => {
    const event = dialpadCall();
    const popups = collectEvents(admin, 'incoming_call');
    await deliverJwt(t.url, { ...event, state: 'hangup', event_timestamp: (event.event_timestamp as number) + 5000 });
    await deliverJwt(t.url, event);
    const marker = dialpadCall();
    await deliverJwt(t.url, marker);
    await waitUntil(() => popups.some((p) => p.callId === String(marker.call_id)));
    expect(popups.map((p) => p.callId)).not.toContain(String(event.call_id));
    const [row] = await t.db.select().from(calls).where(eq(calls.id, String(event.call_id)));
    expect(row?.state).toBe('missed');
  });

  it('marks an unanswered call missed and a voicemail as voicemail', async () => {
    const event = dialpadCall();
    const updates = collectEvents(admin, 'call_updated');
    await deliverJwt(t.url, event);
    await deliverJwt(t.url, { ...event, state: 'hangup', event_timestamp: Date.now() + 10 });
    await deliverJwt(t.url, { ...event, state: 'voicemail', event_timestamp: Date.now() + 20 });
    await waitUntil(() => updates.filter((u) => u.callId === String(event.call_id)).length >= 2);
    expect(updates.filter((u) => u.callId === String(event.call_id)).map((u) => u.state)).toEqual(['missed', 'voicemail']);
  });

  it('stores and acknowledges other states without broadcasting them', async () => {
    const event = dialpadCall();
    await deliverJwt(t.url, event);
    const res = await deliverJwt(t.url, { ...event, state: 'recording', event_timestamp: Date.now() + 99 });
    expect(res.status).toBe(200);
    const rows = await t.db.select().from(callEvents).where(eq(callEvents.callId, String(event.call_id)));
    expect(rows.map((r) => r.state).sort()).toEqual(['recording', 'ringing']);
    const [row] = await t.db.select().from(calls).where(eq(calls.id, String(event.call_id)));
    expect(row?.state).toBe('ringing');
  });

  it("accepts the guide's signed envelope and pops it up", async () => {
    const popup = nextEvent(admin, 'incoming_call');
    const res = await deliverGuide(t.url, {
      event_type: 'call.ringing',
      data: { call_id: 'guide-1', caller_number: '090-1234-5678', callee_number: '050-1748-9999', user_id: 'u1', user_name: '受付', timestamp: new Date().toISOString() },
    });
    expect(res.status).toBe(200);
    expect(await popup).toMatchObject({ callId: 'guide-1', store: { code: 'nishifuna' }, customer: { name: '佐藤 一郎' } });
  });

  it('refuses bad, missing and odd-length signatures with 401, malformed bodies with 400, huge ones with 413', async () => {
    const payload = { event_type: 'call.ringing', data: { call_id: 'guide-x', caller_number: '09000000000' } };
    const bad = await deliverGuide(t.url, payload, 'ab'.repeat(32));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_signature' });
    expect((await deliverGuide(t.url, payload, 'abc')).status).toBe(401);
    expect((await deliverGuide(t.url, payload, 'zz'.repeat(32))).status).toBe(401);
    const missing = await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(missing.status).toBe(401);
    expect((await deliverJwt(t.url, { state: 'ringing' })).status).toBe(400);
    const forged = await dialpadJwt(dialpadCall(), 'not-the-secret-not-the-secret-123');
    expect((await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', body: forged })).status).toBe(401);

    const notJson = '{"event_type": "call.ringing",';
    const malformed = await fetch(`${t.url}/api/dialpad/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dialpad-signature': guideSignature(notJson) },
      body: notJson,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'malformed_body' });

    const huge = JSON.stringify({ event_type: 'call.ringing', data: { pad: 'x'.repeat(300 * 1024) } });
    const tooLarge = await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dialpad-signature': guideSignature(huge) }, body: huge });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'payload_too_large' });

    const empty = await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST' });
    expect([400, 401]).toContain(empty.status);
  });
});

describe('webhook without a configured secret, and with storage down', () => {
  it('refuses every delivery and says what to set', async () => {
    const t = await startTestApp({ DIALPAD_WEBHOOK_SECRET: '' });
    try {
      const res = await deliverJwt(t.url, dialpadCall());
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('webhook_not_configured');
      expect(body.message).toContain('DIALPAD_WEBHOOK_SECRET');
      const { token } = await t.signIn({ role: 'admin' });
      expect((await t.request('GET', '/api/dialpad/status', token)).body).toMatchObject({ secretConfigured: false, secretSource: 'missing' });
    } finally {
      await t.close();
    }
  });

  it('answers 503 when the database cannot store the event, so Dialpad retries', async () => {
    const t = await startTestApp();
    try {
      await t.closeDatabase();
      const res = await deliverJwt(t.url, dialpadCall());
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'storage_unavailable' });
    } finally {
      await t.close();
    }
  });
});

describe('GET /api/dialpad/status', () => {
  it('tells admins when Dialpad last reached us and how many deliveries were refused', async () => {
    const t = await startTestApp();
    try {
      const { token } = await t.signIn({ role: 'admin' });
      const status = async () => (await t.request<Record<string, unknown>>('GET', '/api/dialpad/status', token)).body;
      expect(await status()).toMatchObject({ secretConfigured: true, secretSource: 'environment', lastEventAt: null, signatureFailures: 0 });
      // A test call from the admin screen is not Dialpad reaching us.
      const test = await t.request('POST', '/api/dialpad/test-call', token, { customerPhone: '090-1234-5678', incomingNumber: '050-1748-1234' });
      expect(test.status).toBe(200);
      expect(await status()).toMatchObject({ lastEventAt: null });
      await deliverJwt(t.url, dialpadCall());
      await deliverGuide(t.url, { event_type: 'call.ringing', data: { call_id: 'x' } }, 'ab'.repeat(32));
      const after = await status();
      expect(after).toMatchObject({ lastEventState: 'ringing', signatureFailures: 1 });
      expect(typeof after.lastEventAt).toBe('string');
      expect(typeof after.lastSignatureFailureAt).toBe('string');
    } finally {
      await t.close();
    }
  });
});
