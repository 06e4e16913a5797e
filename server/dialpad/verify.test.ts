import { createHmac } from 'node:crypto';
import { CompactSign, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { documentedCall } from '../../test/support/dialpad';
import { type DeliveryRefused, type VerifiedDelivery, verifyDelivery as verify } from './verify';

/** verify is synchronous; as a promise, each case reads as what it resolves to or is refused with. */
const verifyDelivery = (...args: Parameters<typeof verify>): Promise<VerifiedDelivery> => new Promise((resolve) => resolve(verify(...args)));

const SECRET = 'dialpad-webhook-secret-0123456789';
const key = new TextEncoder().encode(SECRET);

/** A call object as Dialpad sends it: numeric ids, epoch ms, no exp/iat. */
const call: Record<string, unknown> = documentedCall;

/** Signed the way Dialpad does it: HS256, claims = the call object, nothing else. */
const dialpadJwt = (claims: Record<string, unknown> = call, secret: Uint8Array = key): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmacHex = (body: Buffer | string, secret = SECRET): string => createHmac('sha256', secret).update(body).digest('hex');

describe('verifyDelivery: Dialpad JWT', () => {
  it('accepts an HS256 JWT body (as sent with text/plain or application/jwt) and returns the claims', async () => {
    const token = await dialpadJwt();
    const result = await verifyDelivery(Buffer.from(token), {}, SECRET);
    expect(result.format).toBe('jwt');
    expect(result.payload).toEqual(call);
  });

  it('ignores whitespace around the token and any X-Dialpad-Signature header', async () => {
    const token = await dialpadJwt();
    const result = await verifyDelivery(Buffer.from(`\n ${token}\r\n`), { signature: 'deadbeef' }, SECRET);
    expect(result).toMatchObject({ format: 'jwt', payload: { call_id: 6051203942481920 } });
  });

  it('keeps unicode claims intact', async () => {
    const token = await dialpadJwt({ ...call, entry_point_target: { id: 124, type: 'office', name: '西船橋店' } });
    const { payload } = await verifyDelivery(Buffer.from(token), {}, SECRET);
    expect(payload).toMatchObject({ entry_point_target: { name: '西船橋店' } });
  });

  it('refuses a token whose claims were tampered with', async () => {
    const [header, , signature] = (await dialpadJwt()).split('.');
    const forged = `${header}.${b64url({ ...call, external_number: '+819099999999' })}.${signature}`;
    await expect(verifyDelivery(Buffer.from(forged), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature', status: 401 });
  });

  it('refuses a token with a flipped signature character', async () => {
    const token = await dialpadJwt();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await expect(verifyDelivery(Buffer.from(forged), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses alg none', async () => {
    const none = `eyJhbGciOiJub25lIn0.${b64url(call)}.`;
    await expect(verifyDelivery(Buffer.from(none), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it.each(['HS384', 'HS512'])('refuses %s even when signed with the right secret', async (alg) => {
    const token = await new SignJWT(call).setProtectedHeader({ alg }).sign(key);
    await expect(verifyDelivery(Buffer.from(token), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await dialpadJwt(call, new TextEncoder().encode('some-other-secret'));
    await expect(verifyDelivery(Buffer.from(token), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses bad base64 and non-JSON headers', async () => {
    for (const body of ['abc.def.ghi', `${b64url('not an object')}.${b64url(call)}.sig`, 'eyJhbGciOiJIUzI1NiJ9.@@@.x']) {
      await expect(verifyDelivery(Buffer.from(body), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
    }
  });

  it('refuses claims that are not a JSON object, even when properly signed', async () => {
    for (const claims of ['[1,2,3]', '42', 'null', '"text"']) {
      const token = await new CompactSign(new TextEncoder().encode(claims)).setProtectedHeader({ alg: 'HS256' }).sign(key);
      await expect(verifyDelivery(Buffer.from(token), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
    }
  });

  it('does not require exp, but refuses an expired token', async () => {
    const expired = await new SignJWT(call).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    await expect(verifyDelivery(Buffer.from(expired), {}, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
    const fresh = await new SignJWT(call).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(key);
    await expect(verifyDelivery(Buffer.from(fresh), {}, SECRET)).resolves.toMatchObject({ format: 'jwt' });
  });

  it('refuses a token that is not valid yet (nbf ahead) or whose exp is not a number, saying which', async () => {
    const refused = (token: string) => verifyDelivery(Buffer.from(token), {}, SECRET).then(() => new Error('accepted'), (err: unknown) => err as DeliveryRefused);
    const early = await refused(await new SignJWT(call).setProtectedHeader({ alg: 'HS256' }).setNotBefore('5m').sign(key));
    expect(early).toMatchObject({ code: 'invalid_signature' });
    expect(early.message).toContain('"nbf"');
    const oddExp = await refused(await dialpadJwt({ ...call, exp: 'tomorrow' }));
    expect(oddExp).toMatchObject({ code: 'invalid_signature' });
    expect(oddExp.message).toContain('exp or nbf claim is not a number');
  });
});

describe('verifyDelivery: guide HMAC', () => {
  const envelope = { event_type: 'call.ringing', data: { call_id: 'c-1', caller_number: '09012345678' } };
  const body = Buffer.from(JSON.stringify(envelope));

  it('accepts JSON with a valid lowercase hex signature', async () => {
    await expect(verifyDelivery(body, { signature: hmacHex(body) }, SECRET)).resolves.toEqual({ format: 'hmac', payload: envelope });
  });

  it('accepts uppercase hex, a sha256= prefix and a single-value header array', async () => {
    const hex = hmacHex(body);
    for (const signature of [hex.toUpperCase(), `sha256=${hex}`, `SHA256=${hex}`, ` ${hex} `, [hex]]) {
      await expect(verifyDelivery(body, { signature }, SECRET)).resolves.toMatchObject({ format: 'hmac' });
    }
  });

  it('signs the raw bytes: a re-serialized body does not verify', async () => {
    const pretty = Buffer.from(JSON.stringify(envelope, null, 2));
    await expect(verifyDelivery(pretty, { signature: hmacHex(body) }, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses a wrong signature', async () => {
    await expect(verifyDelivery(body, { signature: hmacHex(body, 'wrong') }, SECRET)).rejects.toMatchObject({
      code: 'invalid_signature',
      status: 401,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not hex', 'z'.repeat(64)],
    ['odd length', 'a'.repeat(63)],
    ['too short', 'ab'.repeat(16)],
    ['too long', 'ab'.repeat(33)],
    ['two values joined by Node', `${'a'.repeat(64)}, ${'b'.repeat(64)}`],
    ['sent twice', ['a'.repeat(64), 'b'.repeat(64)]],
    ['empty array', []],
  ])('refuses a %s signature with 401, never a crash', async (_label, signature) => {
    await expect(verifyDelivery(body, { signature }, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('answers 400 malformed_body for bad JSON only once the signature matches', async () => {
    const bad = Buffer.from('{"event_type": "call.ringing",');
    await expect(verifyDelivery(bad, { signature: hmacHex(bad) }, SECRET)).rejects.toMatchObject({ code: 'malformed_body', status: 400 });
    await expect(verifyDelivery(bad, { signature: hmacHex(bad, 'wrong') }, SECRET)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it.each(['[1,2]', '42', 'null', '"text"', 'true'])('refuses the signed non-object JSON %s with 400', async (json) => {
    const raw = Buffer.from(json);
    await expect(verifyDelivery(raw, { signature: hmacHex(raw) }, SECRET)).rejects.toMatchObject({ code: 'malformed_body' });
  });

  it('refuses bytes that are not UTF-8 with 400', async () => {
    const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    await expect(verifyDelivery(raw, { signature: hmacHex(raw) }, SECRET)).rejects.toMatchObject({ code: 'malformed_body' });
  });

  it('strips a UTF-8 BOM and keeps unicode', async () => {
    const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ data: { user_name: '佐藤 花子' } }))]);
    await expect(verifyDelivery(raw, { signature: hmacHex(raw) }, SECRET)).resolves.toEqual({
      format: 'hmac',
      payload: { data: { user_name: '佐藤 花子' } },
    });
  });

  it.each(['', '   \n'])('refuses an empty body %j with 400', async (text) => {
    const raw = Buffer.from(text);
    await expect(verifyDelivery(raw, { signature: hmacHex(raw) }, SECRET)).rejects.toMatchObject({ code: 'malformed_body' });
  });
});

describe('verifyDelivery: configuration and messages', () => {
  it('refuses every delivery with webhook_not_configured when no secret is set', async () => {
    const token = await dialpadJwt();
    const body = Buffer.from('{}');
    for (const secret of [undefined, '']) {
      await expect(verifyDelivery(Buffer.from(token), {}, secret)).rejects.toMatchObject({ code: 'webhook_not_configured', status: 401 });
      await expect(verifyDelivery(body, { signature: hmacHex(body) }, secret)).rejects.toMatchObject({
        code: 'webhook_not_configured',
        message: expect.stringContaining('DIALPAD_WEBHOOK_SECRET') as unknown,
      });
      await expect(verifyDelivery(Buffer.alloc(0), {}, secret)).rejects.toMatchObject({ code: 'webhook_not_configured' });
    }
  });

  it('says why it refused, for the metrics', async () => {
    const body = Buffer.from('{"a":1}');
    const refusal = (raw: Buffer, signature: string | undefined, secret: string | undefined = SECRET) =>
      verifyDelivery(raw, { signature }, secret).then(() => null, (err: unknown) => (err as DeliveryRefused).refusal);
    expect(await refusal(body, hmacHex(body), '')).toEqual({ reason: 'not_configured' });
    expect(await refusal(body, undefined)).toEqual({ reason: 'missing_signature' });
    expect(await refusal(body, hmacHex(body, 'wrong'))).toEqual({ reason: 'bad_signature', format: 'hmac' });
    expect(await refusal(Buffer.from(await dialpadJwt(call, key.slice(1))), undefined)).toEqual({ reason: 'bad_signature', format: 'jwt' });
    expect(await refusal(Buffer.from('[1]'), hmacHex('[1]'))).toEqual({ reason: 'malformed' });
  });

  it('never puts the secret or the signature in an error message', async () => {
    const body = Buffer.from('{"a":1}');
    const sent = hmacHex(body, 'wrong');
    const attempts = [
      () => verifyDelivery(body, { signature: sent }, SECRET),
      () => verifyDelivery(body, { signature: `sha256=${sent}x` }, SECRET),
      () => verifyDelivery(Buffer.from(`eyJhbGciOiJIUzI1NiJ9.${b64url(call)}.${sent}`), {}, SECRET),
      () => verifyDelivery(Buffer.from('{'), { signature: hmacHex('{') }, SECRET),
    ];
    for (const attempt of attempts) {
      const err = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const text = JSON.stringify(err) + String((err as Error).message);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(sent);
      expect(text).not.toContain(hmacHex('{'));
    }
  });
});
