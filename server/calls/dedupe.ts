import { createHash } from 'node:crypto';
import { AppError } from '../http/errors';
import type { CallEvent } from './call-event';

/**
 * Dedupe: Dialpad delivers an event at least once (it retries on 5xx and timeouts), so every event
 * carries a key that is the same for each redelivery and different for every other event, and
 * call_events holds each key once (callsRepository.insertEventOnce): the delivery whose insert wins
 * is applied, the others are dropped.
 */

/** Deeper nesting than this is no call event; it would only exhaust the stack while hashing. */
export const MAX_DEPTH = 64;

type Obj = Record<string, unknown>;

/**
 * sha256 of provider, leg, state and the sender's event time (or, without one, the whole payload
 * with sorted keys): a redelivery hashes the same, while two states or two legs never do. The parts
 * are JSON-encoded rather than joined with `|`, so an id containing `|` cannot collide with another.
 */
export function dedupeKey(provider: CallEvent['provider'], legId: string, state: string, eventTs: number | null, raw: Obj): string {
  const basis = eventTs !== null ? String(eventTs) : stableJson(raw, 0);
  return createHash('sha256').update(JSON.stringify([provider, legId, state, basis])).digest('hex');
}

function stableJson(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new AppError('malformed_body', 'The webhook payload is nested too deeply');
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Obj;
    const entries = Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
