import { toE164 } from '../../common/phone';
import type { CallEvent, CallEventKind, PartyRef } from '../calls/call-event';
import { dedupeKey, MAX_DEPTH } from '../calls/dedupe';
import { readMedia } from '../calls/recordings';
import { AppError } from '../http/errors';
import { nestedWithin, storable } from './storable';

/**
 * Turns a verified webhook payload into a provider-neutral CallEvent. Accepts a Dialpad call
 * object (the real format, see shared/dialpad.md) or the setup guide's `{event_type, data}`
 * envelope, whose `data` may itself be a Dialpad call object.
 *
 * Everything here comes from the sender, so nothing is trusted to be the documented type:
 * ids may be numbers or strings, times numbers or numeric strings, and every string is
 * cleaned and capped before it can reach the database.
 */

type Obj = Record<string, unknown>;
type Provider = 'dialpad' | 'guide';

// Caps keep a hostile or buggy sender from filling the database through a name field.
const MAX_ID = 100;
const MAX_NAME = 200;
const MAX_STATE = 100;
const MAX_PHONE = 64;
/** Dialpad's own limit for custom_data is 2 KB; a longer one is kept cut short (and so is not ours). */
const MAX_CUSTOM_DATA = 2048;
/** No phone call lasts a month; a longer duration is garbage (and could overflow the bigint column). */
const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;
/**
 * The last moment with a four-digit year: later "times" are garbage, and the drivers would write
 * them as +010000-… which PostgreSQL refuses, losing the whole (signed) event to a 400.
 */
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Markers Dialpad and carriers use for a withheld number: the caller is unknown, not called "blocked". */
const WITHHELD = new Set(['blocked', 'anonymous', 'private', 'restricted', 'unavailable', 'unknown']);

const malformed = (message: string): AppError => new AppError('malformed_body', message);

export function normalizeDialpadPayload(payload: unknown, receivedAt: Date): CallEvent {
  if (!isObj(payload)) throw malformed('The webhook payload must be a JSON object (a Dialpad call event)');
  // The payload is stored as jsonb: thousands of nested levels would exhaust the stack of the
  // serializer or of PostgreSQL's jsonb parser (a 500 where the sender deserves a 400).
  if (!nestedWithin(payload, MAX_DEPTH)) throw malformed('The webhook payload is nested too deeply');
  const event = fromPayload(payload, receivedAt);
  return { ...event, raw: storable(payload) };
}

/**
 * The event's own time as its sender signed it, in epoch ms: a Dialpad call's event_timestamp (also
 * inside the guide's envelope), else the guide's timestamp; null when the event carries none (the
 * replay window then has nothing to judge, and dedupe alone guards it). Read the way fromPayload reads it.
 */
export function signedEventTimeMs(payload: unknown): number | null {
  if (!isObj(payload)) return null;
  if (typeof payload.event_type === 'string' && isObj(payload.data)) {
    return epochMs(payload.data.event_timestamp) ?? guideTimeMs(payload.data.timestamp);
  }
  return epochMs(payload.event_timestamp);
}

function fromPayload(payload: Obj, receivedAt: Date): CallEvent {
  if (typeof payload.event_type === 'string' && isObj(payload.data)) {
    return fromGuideEnvelope(payload, payload.data, payload.event_type, receivedAt);
  }
  if (payload.state === undefined && payload.event_type !== undefined) {
    throw malformed('event_type must be a string such as "call.ringing", with the call in an object "data"');
  }
  return fromDialpadCall(payload, payload, 'dialpad', null, receivedAt);
}

function fromDialpadCall(call: Obj, raw: Obj, provider: Provider, fallbackState: string | null, receivedAt: Date): CallEvent {
  const prefix = provider === 'guide' ? 'data.' : '';
  const leg = toId(call.call_id);
  // Every leg of one real call (department, each agent rung, transfers) carries the entry point's
  // id, so keying on it makes one call one popup; a single-leg call only has call_id.
  const callId = toId(call.entry_point_call_id) ?? toId(call.master_call_id) ?? leg;
  if (callId === null) throw malformed(`${prefix}call_id is missing (expected the Dialpad call id)`);
  const state = toState(call.state) ?? fallbackState;
  if (state === null) throw malformed(`${prefix}state is missing (expected a Dialpad call state such as "ringing")`);

  const startedAt = toDate(epochMs(call.date_started));
  const rangAt = toDate(epochMs(call.date_rang));
  const connectedAt = toDate(epochMs(call.date_connected));
  const endedAt = toDate(epochMs(call.date_ended));
  const eventTs = epochMs(call.event_timestamp);
  const newest = [endedAt, connectedAt, rangAt, startedAt]
    .filter((d): d is Date => d !== null)
    .reduce<Date | null>((a, b) => (a === null || b > a ? b : a), null);
  const duration = toNumber(call.duration);
  const legId = leg ?? callId;

  return {
    provider,
    callId,
    legId,
    state,
    kind: kindOf(state),
    direction: toText(call.direction, MAX_STATE)?.toLowerCase() === 'outbound' ? 'outbound' : 'inbound',
    externalNumber: toPhone(call.external_number),
    internalNumber: toPhone(call.internal_number),
    occurredAt: toDate(eventTs) ?? newest ?? receivedAt,
    startedAt,
    connectedAt,
    endedAt,
    durationMs: duration !== null && duration <= MAX_DURATION_MS ? Math.round(duration) : null,
    target: toParty(call.target),
    entryPoint: toParty(call.entry_point_target),
    isTest: false,
    customData: toCustomData(call.custom_data),
    media: readMedia(call),
    dedupeKey: dedupeKey(provider, legId, state, eventTs, raw),
    raw,
  };
}

function fromGuideEnvelope(envelope: Obj, data: Obj, eventType: string, receivedAt: Date): CallEvent {
  const state = guideState(eventType);
  // Someone may wrap a real Dialpad event in the guide's envelope; it then carries far more than
  // the guide's fields, and its own state is the more precise one.
  if (['state', 'external_number', 'entry_point_call_id', 'master_call_id'].some((k) => k in data)) {
    return fromDialpadCall(data, envelope, 'guide', state, receivedAt);
  }
  const callId = toId(data.call_id);
  if (callId === null) throw malformed('data.call_id is missing (expected the call id)');
  const occurredAt = toDate(guideTimeMs(data.timestamp)) ?? receivedAt;
  const kind = kindOf(state);
  const userId = toId(data.user_id);
  const userName = toText(data.user_name, MAX_NAME);

  return {
    provider: 'guide',
    callId,
    legId: callId,
    state,
    kind,
    direction: 'inbound',
    externalNumber: toPhone(data.caller_number),
    internalNumber: toPhone(data.callee_number),
    occurredAt,
    // The envelope has a single timestamp; its state says which moment of the call it marks.
    startedAt: kind === 'ringing' ? occurredAt : null,
    connectedAt: kind === 'answered' ? occurredAt : null,
    endedAt: kind === 'hangup' || kind === 'missed' || kind === 'voicemail' || kind === 'blocked' ? occurredAt : null,
    durationMs: null,
    target: userId === null && userName === null ? null : { id: userId, type: 'user', name: userName },
    entryPoint: null,
    isTest: false,
    customData: toCustomData(data.custom_data),
    media: readMedia(data),
    // The guide's timestamp is not Dialpad's event_timestamp, so the whole envelope identifies the event.
    dedupeKey: dedupeKey('guide', callId, state, null, envelope),
    raw: envelope,
  };
}

/** `call.answered` → `connected`: the guide's names mapped onto Dialpad's, so one state machine serves both. */
function guideState(eventType: string): string {
  const name = toState(eventType);
  const bare = name?.startsWith('call.') ? name.slice('call.'.length) : name;
  if (!bare) throw malformed('event_type must name the call event, such as "call.ringing"');
  switch (bare) {
    case 'answered':
      return 'connected';
    case 'ended':
      return 'hangup';
    default:
      return bare;
  }
}

function kindOf(state: string): CallEventKind {
  switch (state) {
    case 'ringing':
      return 'ringing';
    case 'connected':
      return 'answered';
    case 'hangup':
      return 'hangup';
    case 'missed':
      return 'missed';
    case 'voicemail':
      return 'voicemail';
    case 'blocked':
      return 'blocked';
    // queued, preanswer and calling come before ringing and would pop a screen too early;
    // hold, recording, postcall, recap_* and the rest do not change what the popup shows;
    // voicemail_uploaded, recording and call_transcription bring the call's media only (MEDIA_STATES).
    default:
      return 'other';
  }
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A sender string made safe to store: control characters (Postgres text refuses NUL) become
 * spaces, lone UTF-16 surrogates become U+FFFD, and it is capped without splitting a character.
 */
function toText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  // Slicing first bounds the regex work on a huge field; 2x leaves room for what cleaning removes.
  const cleaned = value
    .slice(0, max * 2)
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
    .trim();
  if (cleaned === '') return null;
  if (cleaned.length <= max) return cleaned;
  const code = cleaned.charCodeAt(max - 1);
  return cleaned.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max).trimEnd();
}

/** Dialpad ids arrive as JSON numbers or strings; both become the same string. */
function toId(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return toText(value, MAX_ID);
}

function toState(value: unknown): string | null {
  return toText(value, MAX_STATE)?.toLowerCase() ?? null;
}

/** E.164 when the number parses; otherwise kept as sent, since a strange number still helps staff. */
function toPhone(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : toText(value, MAX_PHONE);
  if (text === null || WITHHELD.has(text.toLowerCase())) return null;
  return toE164(text) ?? text;
}

/** A string as sent (cleaned and capped); an object someone sent instead, as its JSON. */
function toCustomData(value: unknown): string | null {
  if (isObj(value)) return toText(JSON.stringify(value), MAX_CUSTOM_DATA);
  return toText(value, MAX_CUSTOM_DATA);
}

function toParty(value: unknown): PartyRef | null {
  if (!isObj(value)) return null;
  const party = { id: toId(value.id), type: toText(value.type, MAX_STATE), name: toText(value.name, MAX_NAME) };
  return party.id === null && party.type === null && party.name === null ? null : party;
}

/** A non-negative finite number, from a number or a numeric string; null for anything else. */
function toNumber(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d{1,16}(?:\.\d+)?\s*$/.test(value)) n = Number(value);
  else return null;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Dialpad's times are epoch milliseconds. Anything before 2001-09-09 (1e12 ms) is not a call in this
 * system but garbage (0 for "unset", or seconds sent by mistake), and is better ignored than misread as 1970.
 */
function epochMs(value: unknown): number | null {
  const ms = toNumber(value);
  return ms !== null && ms >= 1e12 && ms <= MAX_EPOCH_MS ? Math.trunc(ms) : null;
}

/** The guide's timestamp: ISO 8601, or epoch seconds or milliseconds (below 1e12 can only be seconds). */
function guideTimeMs(value: unknown): number | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]/.test(value.trim())) {
    const ms = Date.parse(value.trim());
    return Number.isNaN(ms) ? null : epochMs(ms);
  }
  const n = toNumber(value);
  if (n === null) return null;
  return epochMs(n < 1e12 ? n * 1000 : n);
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
