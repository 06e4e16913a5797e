/**
 * Whatever reaches POST /api/dialpad/webhook (random bytes, headers and encodings, forged tokens of
 * every shape, signed events with hostile contents) the server answers without a 5xx and without
 * crashing, and nothing that lacks a valid signature is ever broadcast: an admin socket watches.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { CompactSign, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeDialpadPayload, signedEventTimeMs } from '../../server/dialpad/normalize';
import { refuseOutsideWindow } from '../../server/dialpad/verify';
import { WEBHOOK_BODY_LIMIT } from '../../server/dialpad/webhook-routes';
import { startTestApp, type TestApp, WEBHOOK_SECRET } from '../support/app';
import { dialpadCall, guideSignature } from '../support/dialpad';
import { buildStore } from '../support/factories';
import { fcParams, rawPost, watch, type Watcher } from './support';

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const key = new TextEncoder().encode(WEBHOOK_SECRET);

/** Strings a sender might put anywhere: unicode of every plane, NUL and control characters, lone surrogates. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202e+81', '西船橋\u0007店', '', ' ', 'blocked', '😀'.repeat(50)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
/** Ids and times as Dialpad might send them, or not: numbers, numeric strings, garbage. */
const idLike = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String), nasty, fc.constant(null));
const timeLike = fc.oneof(fc.nat({ max: 2 ** 52 }), fc.integer({ min: 1e12, max: 2e12 }).map(String), fc.double(), nasty, fc.constant(null));
/**
 * An event's own time: anything timeLike, or near now on either side of the replay window's edges
 * (24 h back, 10 min ahead), though never within a second of one, where the model and the server
 * could judge the same event a few milliseconds apart.
 */
const HOUR_MS = 3_600_000;
const eventTimeLike = fc.oneof(
  timeLike,
  fc
    .tuple(fc.constantFrom(-25 * HOUR_MS, -23 * HOUR_MS, -HOUR_MS, 0, 5 * 60_000, 11 * 60_000), fc.integer({ min: -1000, max: 1000 }))
    .map(([offset, jitter]) => Date.now() + offset + jitter),
);
/**
 * Deeply nested or huge values, within the body limit once signed. Deep nesting travels as a
 * placeholder (fast-check itself recurses over generated values) that `toJson` expands on the wire.
 */
const heavy = fc.oneof(
  fc.integer({ min: 1, max: 60_000 }).map((depth) => `\u0001DEEP:${depth}`),
  fc.nat({ max: 150_000 }).map((n) => 'x'.repeat(n)),
  fc.jsonValue({ maxDepth: 6 }),
);
const toJson = (value: unknown): string =>
  (JSON.stringify(value) ?? 'null').replace(/"\\u0001DEEP:(\d+)"/g, (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
/** An HS256 JWS over exactly these JSON bytes (SignJWT would re-serialise an object). */
const signRaw = (json: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): Promise<string> =>
  new CompactSign(Buffer.from(json)).setProtectedHeader(header as { alg: string }).sign(key);

/** A Dialpad call event whose fields may each be replaced by something hostile. */
const hostileCall = fc
  .record(
    {
      call_id: idLike,
      entry_point_call_id: idLike,
      master_call_id: idLike,
      state: fc.oneof(fc.constantFrom('ringing', 'connected', 'hangup', 'missed', 'voicemail', 'RINGING', 'recap_summary'), nasty),
      direction: fc.oneof(fc.constantFrom('inbound', 'outbound'), nasty),
      external_number: fc.oneof(fc.constantFrom('+819012345678', '090-1234-5678', '０９０１２３４５６７８'), nasty, idLike),
      internal_number: fc.oneof(fc.constantFrom('+815017481234', 'blocked'), nasty),
      date_started: timeLike,
      date_connected: timeLike,
      date_ended: timeLike,
      event_timestamp: eventTimeLike,
      duration: timeLike,
      target: fc.oneof(fc.record({ id: idLike, type: nasty, name: nasty }), nasty, fc.constant(null)),
      entry_point_target: fc.oneof(fc.record({ id: idLike, type: fc.constant('office'), name: nasty }), fc.constant([])),
      custom_data: heavy,
    },
    { requiredKeys: [] },
  )
  .map((fields) => ({ ...dialpadCall(), ...fields }));

describe('webhook fuzzing', () => {
  let t: TestApp;
  let w: Watcher;
  const url = () => `${t.url}/api/dialpad/webhook`;

  const replayWindow = { maxAgeMs: 0, maxFutureMs: 0 };

  beforeAll(async () => {
    t = await startTestApp();
    Object.assign(replayWindow, { maxAgeMs: t.config.webhookEventMaxAgeMs, maxFutureMs: t.config.webhookEventMaxFutureMs });
    await buildStore(t.db, { code: 'fuzz', name: 'ファズ店', prefixes: ['0501748'] });
    w = watch(t, await t.socket((await t.signIn({ role: 'admin' })).token));
  });
  afterAll(() => t.close());

  /** After a batch of unsigned input, sent since `from`: the only thing the admin saw is the marker sent after it. */
  async function expectNothingBroadcastSince(from: { popups: number; updates: number }): Promise<void> {
    const marker = await w.flush();
    expect(w.popups.slice(from.popups).map((p) => p.callId)).toEqual([marker]);
    expect(w.updates.slice(from.updates).filter((u) => u.callId !== marker)).toEqual([]);
  }
  const mark = () => ({ popups: w.popups.length, updates: w.updates.length });

  it('random bodies, headers and encodings: a 4xx, never a 5xx, never a broadcast', async () => {
    const from = mark();
    const contentType = fc.oneof(
      fc.constantFrom('text/plain', 'application/json', 'application/jwt', 'application/octet-stream', 'application/json; charset=shift_jis', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'),
      fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s, 'utf8')),
      fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      hostileCall.map((c) => Buffer.from(toJson(c))),
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s, 'latin1')),
    );
    const headers = fc.record(
      {
        'content-type': contentType,
        'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-made-up'),
        'x-dialpad-signature': fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[\x21-\x7e]{0,80}$/), fc.constant('sha256=')),
        authorization: fc.stringMatching(/^Bearer [\x21-\x7e]{0,60}$/),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(headers, body, async (h, b) => {
        const res = await rawPost(url(), h, b);
        expect(res.status, res.body).toBeGreaterThanOrEqual(400);
        expect(res.status, res.body).toBeLessThan(500);
        expect(JSON.parse(res.body)).toMatchObject({ error: expect.any(String) as string, message: expect.any(String) as string });
      }),
      fcParams(300),
    );
    await expectNothingBroadcastSince(from);
  }, 180_000);

  it('forged JWTs (alg none, other algorithms, wrong typ, wrong key, odd headers): 401, never a broadcast', async () => {
    const from = mark();
    const alg = fc.constantFrom('none', 'None', 'HS256', 'hs256', 'HS384', 'HS512', 'RS256', 'ES256', 'PS256', 'EdDSA', '', 'HS256 ');
    const header = fc.record(
      { alg, typ: fc.oneof(fc.constantFrom('JWT', 'jwt', 'at+jwt', 'JWE'), nasty), kid: nasty, jku: fc.constant('http://127.0.0.1:1/keys'), crit: fc.constant(['exp']), b64: fc.boolean() },
      { requiredKeys: ['alg'] },
    );
    const signature = fc.oneof(
      fc.constant(''),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((u) => Buffer.from(u).toString('base64url')),
      // A genuine HS256 signature, but over other claims: a token cut and pasted together.
      fc.constant('splice'),
    );
    await fc.assert(
      fc.asyncProperty(header, hostileCall, signature, async (h, claims, sig) => {
        const head = `${b64(h)}.${b64(toJson(claims))}`;
        const tail = sig === 'splice' ? (await new SignJWT({ ...claims, call_id: 'other' }).setProtectedHeader({ alg: 'HS256' }).sign(key)).split('.')[2]! : sig;
        const res = await rawPost(url(), { 'content-type': 'text/plain' }, Buffer.from(`${head}.${tail}`));
        expect(res.status, res.body).toBe(401);
      }),
      fcParams(250),
    );
    // The right secret with the wrong algorithm is still refused: the algorithm is pinned to HS256.
    for (const alg of ['HS384', 'HS512'] as const) {
      const token = await new SignJWT(dialpadCall()).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
      expect((await rawPost(url(), {}, Buffer.from(token))).status).toBe(401);
    }
    // A JWS with a critical header jose does not understand, signed with the right secret.
    // (Signed by hand: jose itself refuses to produce one.)
    const critInput = `${b64({ alg: 'HS256', crit: ['x-made-up'], 'x-made-up': 1 })}.${b64(dialpadCall())}`;
    const crit = `${critInput}.${createHmac('sha256', WEBHOOK_SECRET).update(critInput).digest('base64url')}`;
    expect((await rawPost(url(), {}, Buffer.from(crit))).status).toBe(401);
    await expectNothingBroadcastSince(from);
  }, 180_000);

  it('signed events with hostile contents (types, unicode, NUL, surrogates, huge or deep claims): 200 exactly when they are a call event, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCall, fc.boolean(), async (claims, asGuide) => {
        const json = asGuide ? toJson({ event_type: 'call.ringing', data: claims }) : toJson(claims);
        const body = Buffer.from(asGuide ? json : await signRaw(json));
        const headers: Record<string, string> = asGuide ? { 'content-type': 'application/json', 'x-dialpad-signature': guideSignature(body) } : { 'content-type': 'text/plain' };
        const res = await rawPost(url(), headers, body);
        // The model: too large is 413; what the replay window or normalize refuses is 400; everything
        // else is stored (200), so no storage error (a NUL, an out-of-range value) ever loses a signed event.
        let expected = 200;
        if (body.length > WEBHOOK_BODY_LIMIT) expected = 413;
        else {
          try {
            const payload: unknown = JSON.parse(json);
            refuseOutsideWindow(signedEventTimeMs(payload), replayWindow, Date.now());
            normalizeDialpadPayload(payload, new Date());
          } catch {
            expected = 400;
          }
        }
        expect(res.status, res.body).toBe(expected);
      }),
      fcParams(300),
    );
    // Still alive and still popping up calls.
    await w.flush();
  }, 240_000);
});

describe('signed events with characters PostgreSQL cannot store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are still accepted and stored: a stray NUL or lone surrogate in any field must not lose the call', async () => {
    const admin = watch(t, await t.socket((await t.signIn({ role: 'admin' })).token));
    const event = dialpadCall({
      contact: { id: 'c\u0000', name: '山田\u0000花子', phone: '+819012345678' },
      custom_data: { 'k\u0000ey': ['\ud800', 'ok\udfff'], note: 'a\u0000b' },
      target: { id: 456, type: 'user', name: '\ud83d' },
    });
    const res = await rawPost(`${t.url}/api/dialpad/webhook`, {}, Buffer.from(await signRaw(toJson(event))));
    expect(res.status, res.body).toBe(200);
    await admin.flush();
    expect(admin.popups.map((p) => p.callId)).toContain(String(event.call_id));
  });

  it('ignore a garbage time past year 9999 instead of refusing the event (the drivers write +010000-…)', async () => {
    const res = await rawPost(`${t.url}/api/dialpad/webhook`, {}, Buffer.from(await signRaw(toJson(dialpadCall({ date_started: 253_402_300_800_000 })))));
    expect(res.status, res.body).toBe(200);
  });
});
