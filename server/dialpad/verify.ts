import { createHmac, timingSafeEqual } from 'node:crypto';
import { createVerifier, TokenError } from 'fast-jwt';
import { AppError, type ErrorCode } from '../http/errors';

/**
 * Authenticates one webhook delivery. Two formats are accepted (see shared/dialpad.md):
 * - `jwt`: what Dialpad really sends when the webhook has a secret. The body is a compact
 *   HS256 JWT whose claims are the call event itself.
 * - `hmac`: the setup guide's format, kept for compatibility. The body is JSON and the
 *   `X-Dialpad-Signature` header is the hex HMAC-SHA256 of the raw body.
 *
 * Every failure is a DeliveryRefused with a 4xx status: Dialpad never retries a 4xx, and a retry
 * could not fix a bad signature or a malformed body anyway. Messages never echo the secret
 * or the signature, because they end up in logs and in the response.
 */
export type DeliveryFormat = 'jwt' | 'hmac';

export interface VerifiedDelivery {
  format: DeliveryFormat;
  /** The JWT claims object, or the parsed JSON object. Always a plain object; not yet validated. */
  payload: unknown;
}

/** Why a delivery was refused, said where it is decided (so /metrics never re-derives it from the body). */
export type Refusal =
  | { reason: 'not_configured' }
  | { reason: 'missing_signature' }
  /** `format` is what the sender meant to send: a JWT body, or JSON with X-Dialpad-Signature. */
  | { reason: 'bad_signature'; format: DeliveryFormat }
  | { reason: 'malformed' }
  /** Signed, but its own time lies outside the replay window: a captured delivery sent again, or a broken clock. */
  | { reason: 'stale'; direction: StaleDirection };

export type StaleDirection = 'past' | 'future';

const REFUSAL_CODES = {
  not_configured: 'webhook_not_configured',
  missing_signature: 'invalid_signature',
  bad_signature: 'invalid_signature',
  malformed: 'malformed_body',
  stale: 'stale_event',
} as const satisfies Record<Refusal['reason'], ErrorCode>;

/** A refused delivery: the error the sender gets, and why it was refused. */
export class DeliveryRefused extends AppError {
  constructor(
    readonly refusal: Refusal,
    message: string,
  ) {
    super(REFUSAL_CODES[refusal.reason], message);
  }
}

export interface DeliveryHeaders {
  /**
   * The `X-Dialpad-Signature` header as Fastify gives it (`request.headers['x-dialpad-signature']`).
   * An array (a header sent more than once) is accepted only when it holds a single value.
   */
  signature?: string | readonly string[] | undefined;
}

/** Three base64url segments; the signature may be empty so that `alg: none` tokens are recognised (and refused) as JWTs. */
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** 32 bytes of HMAC-SHA256 as hex, optionally written `sha256=<hex>` (the GitHub-style form some scripts use). */
const HEX_SIGNATURE = /^(?:sha256=)?([0-9a-f]{64})$/i;
/** Fatal, so that bytes that are not UTF-8 are reported rather than silently replaced; it drops a leading BOM. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const NOT_CONFIGURED_MESSAGE =
  'Set DIALPAD_WEBHOOK_SECRET to the secret of your Dialpad webhook (npx cti dialpad setup prints it)';
const MISMATCH_MESSAGE = 'The webhook signature does not match DIALPAD_WEBHOOK_SECRET';

const badSignature = (format: DeliveryFormat, message: string): DeliveryRefused =>
  new DeliveryRefused({ reason: 'bad_signature', format }, message);
const malformed = (message: string): DeliveryRefused => new DeliveryRefused({ reason: 'malformed' }, message);

export function verifyDelivery(rawBody: Buffer, headers: DeliveryHeaders, secret: string | undefined): VerifiedDelivery {
  // Without a secret nothing can be authenticated, and accepting unsigned calls would let anyone
  // pop screens with invented callers; so every delivery is refused until it is configured.
  if (!secret) throw new DeliveryRefused({ reason: 'not_configured' }, NOT_CONFIGURED_MESSAGE);

  // Whitespace around a JWT is harmless (some proxies add a newline); the regex is ASCII-only, so
  // decoding non-UTF-8 bytes leniently here just makes such a body fall through to the JSON path.
  const text = rawBody.toString('utf8').trim();
  if (text === '') throw malformed('The webhook body is empty');

  // Dialpad's Content-Type is undocumented, so the format is told by the body's shape alone.
  if (COMPACT_JWT.test(text)) return { format: 'jwt', payload: verifyJwt(text, secret) };
  return { format: 'hmac', payload: verifyHmacJson(rawBody, headers.signature, secret) };
}

type Verify = (token: string) => unknown;

/**
 * One verifier per secret, built once. fast-jwt checks HS256 with node:crypto synchronously: about
 * 8 µs of CPU a token here, against 55 µs for jose through WebCrypto (bench/results.md).
 * Only HS256: pinning the algorithm refuses `none` and any algorithm the sender did not agree to.
 * No claim is required because Dialpad sends no exp/iat; a past exp or a future nbf is still refused.
 * No cache: every delivery is a new token, so a cache would only cost a hash and memory.
 */
let verifier: { secret: string; verify: Verify } | undefined;
function verifierFor(secret: string): Verify {
  if (verifier?.secret !== secret) {
    verifier = { secret, verify: createVerifier({ key: secret, algorithms: ['HS256'], cache: false }) };
  }
  return verifier.verify;
}

function verifyJwt(token: string, secret: string): unknown {
  try {
    return verifierFor(secret)(token);
  } catch (err) {
    const code = err instanceof TokenError ? err.code : undefined;
    if (code === TokenError.codes.expired) throw badSignature('jwt', 'The webhook token has expired (exp is in the past)');
    if (code === TokenError.codes.inactive) throw badSignature('jwt', 'The webhook token was refused: its "nbf" claim is not valid now');
    if (code === TokenError.codes.invalidClaimType) {
      throw badSignature('jwt', 'The webhook token was refused: its exp or nbf claim is not a number');
    }
    if (code === TokenError.codes.invalidAlgorithm || code === TokenError.codes.missingSignature) {
      throw badSignature('jwt', 'The webhook token must be signed with HS256 and DIALPAD_WEBHOOK_SECRET');
    }
    // Bad signature, bad base64, a header or claims that are not JSON objects: all equally untrusted.
    throw badSignature('jwt', MISMATCH_MESSAGE);
  }
}

function verifyHmacJson(rawBody: Buffer, header: DeliveryHeaders['signature'], secret: string): Record<string, unknown> {
  const value = typeof header === 'string' ? header : header?.length === 1 ? header[0] : undefined;
  if (header !== undefined && typeof header !== 'string' && header.length > 1) {
    throw badSignature('hmac', 'X-Dialpad-Signature was sent more than once');
  }
  if (value === undefined || value.trim() === '') {
    throw new DeliveryRefused(
      { reason: 'missing_signature' },
      'The webhook body is not a Dialpad JWT, and the X-Dialpad-Signature header is missing',
    );
  }
  const hex = HEX_SIGNATURE.exec(value.trim())?.[1];
  if (hex === undefined) {
    throw badSignature('hmac', 'X-Dialpad-Signature must be the hex HMAC-SHA256 of the body (64 hex digits)');
  }
  // The regex guarantees 32 bytes on both sides, which timingSafeEqual requires.
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(hex, 'hex'))) throw badSignature('hmac', MISMATCH_MESSAGE);

  // Parsed only once the sender is known to hold the secret: nobody else gets to feed the parser.
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(rawBody));
  } catch {
    throw malformed('The webhook body is not valid UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed('The webhook body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** How far a signed event's own time may lie from now (config: WEBHOOK_EVENT_MAX_AGE_SECONDS, WEBHOOK_EVENT_MAX_FUTURE_SECONDS). */
export interface ReplayWindow {
  maxAgeMs: number;
  maxFutureMs: number;
}

/**
 * Refuses a verified delivery whose signed time (`eventMs`, from normalize's signedEventTimeMs) is
 * outside the window. Dialpad sends no `exp`, so without this a captured delivery could be replayed
 * whenever its event row is gone (dedupe only remembers what is stored); the window bounds replay by
 * the event's own time instead. No time, no judgement: the guide's format may carry none.
 */
export function refuseOutsideWindow(eventMs: number | null, window: ReplayWindow, now: number): void {
  if (eventMs === null) return;
  const ageMs = now - eventMs;
  if (ageMs > window.maxAgeMs) {
    throw new DeliveryRefused(
      { reason: 'stale', direction: 'past' },
      `The event is ${describeMs(ageMs)} old; events older than ${describeMs(window.maxAgeMs)} are refused as replays (WEBHOOK_EVENT_MAX_AGE_SECONDS)`,
    );
  }
  if (-ageMs > window.maxFutureMs) {
    throw new DeliveryRefused(
      { reason: 'stale', direction: 'future' },
      `The event is dated ${describeMs(-ageMs)} ahead of this server's clock; more than ${describeMs(window.maxFutureMs)} is refused (WEBHOOK_EVENT_MAX_FUTURE_SECONDS; check the clocks)`,
    );
  }
}

function describeMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
