import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../calls/call-event';
import { documentedCall } from '../../test/support/dialpad';
import { normalizeDialpadPayload } from './normalize';

const receivedAt = new Date('2026-01-01T00:00:00.000Z');

/** The example from shared/dialpad.md: an inbound call ringing an agent of 西船橋店. */
const ringing = documentedCall;

const normalize = (payload: unknown): CallEvent => {
  const event = normalizeDialpadPayload(payload, receivedAt);
  if (event === null) throw new Error('expected an event');
  return event;
};

describe('normalizeDialpadPayload: Dialpad call object', () => {
  it('normalizes the documented example', () => {
    const event = normalize(ringing);
    expect(event).toMatchObject({
      provider: 'dialpad',
      callId: '6051203942481920',
      legId: '6051203942481920',
      state: 'ringing',
      kind: 'ringing',
      direction: 'inbound',
      externalNumber: '+819012345678',
      internalNumber: '+815017481234',
      occurredAt: new Date(1765794600150),
      startedAt: new Date(1765794600000),
      connectedAt: null,
      endedAt: null,
      durationMs: null,
      target: { id: '456', type: 'user', name: '山田 太郎' },
      entryPoint: { id: '124', type: 'office', name: '西船橋店' },
      isTest: false,
    });
    expect(event.raw).toBe(ringing);
    expect(event.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same callId and legId whether ids are numbers or strings', () => {
    const asStrings = { ...ringing, call_id: '6051203942481920', entry_point_call_id: '6051203942481920' };
    const a = normalize(ringing);
    const b = normalize(asStrings);
    expect([b.callId, b.legId]).toEqual([a.callId, a.legId]);
    expect(b.dedupeKey).toBe(a.dedupeKey);
  });

  it('keys every leg of one call by the entry point, then the master call, then the leg itself', () => {
    const agentLeg = normalize({ ...ringing, call_id: 222, entry_point_call_id: 111, master_call_id: 999 });
    const otherAgentLeg = normalize({ ...ringing, call_id: 333, entry_point_call_id: '111' });
    expect([agentLeg.callId, agentLeg.legId]).toEqual(['111', '222']);
    expect([otherAgentLeg.callId, otherAgentLeg.legId]).toEqual(['111', '333']);
    expect(normalize({ ...ringing, call_id: 222, entry_point_call_id: undefined, master_call_id: 999 }).callId).toBe('999');
    expect(normalize({ ...ringing, call_id: 222, entry_point_call_id: '', master_call_id: null }).callId).toBe('222');
  });

  it.each([
    ['ringing', 'ringing'],
    ['connected', 'answered'],
    ['hangup', 'hangup'],
    ['missed', 'missed'],
    ['voicemail', 'voicemail'],
    ['voicemail_uploaded', 'other'],
    ['call_transcription', 'other'],
    ['queued', 'other'],
    ['preanswer', 'other'],
    ['calling', 'other'],
    ['hold', 'other'],
    ['recording', 'other'],
    ['postcall', 'other'],
    ['recap_summary', 'other'],
    ['constructor', 'other'],
    ['Connected', 'answered'],
  ])('maps state %s to kind %s', (state, kind) => {
    const event = normalize({ ...ringing, state });
    expect(event.kind).toBe(kind);
    expect(event.state).toBe(state.toLowerCase());
  });

  it('is outbound only when the call says so', () => {
    expect(normalize({ ...ringing, direction: 'outbound' }).direction).toBe('outbound');
    expect(normalize({ ...ringing, direction: 'OUTBOUND' }).direction).toBe('outbound');
    for (const direction of ['inbound', undefined, 42, 'sideways']) {
      expect(normalize({ ...ringing, direction }).direction).toBe('inbound');
    }
  });

  it('reads times given as numbers or numeric strings, and ignores garbage', () => {
    const event = normalize({
      ...ringing,
      state: 'hangup',
      date_started: '1765794600000',
      date_connected: 1765794605000,
      date_ended: 'yesterday',
      duration: '61500',
      event_timestamp: undefined,
    });
    expect(event.startedAt).toEqual(new Date(1765794600000));
    expect(event.connectedAt).toEqual(new Date(1765794605000));
    expect(event.endedAt).toBeNull();
    expect(event.durationMs).toBe(61500);
    // No event_timestamp: the newest date_* field tells when it happened.
    expect(event.occurredAt).toEqual(new Date(1765794605000));
    for (const bad of [null, 0, -5, '', 'NaN', {}, [1], true, 1e300]) {
      expect(normalize({ ...ringing, date_started: bad }).startedAt).toBeNull();
    }
    expect(normalize({ ...ringing, duration: 0 }).durationMs).toBe(0);
    expect(normalize({ ...ringing, duration: 'long' }).durationMs).toBeNull();
    expect(normalize({ ...ringing, duration: 1e300 }).durationMs).toBeNull();
    // Seconds sent by mistake are not read as 1970.
    expect(normalize({ ...ringing, date_started: 1765794600 }).startedAt).toBeNull();
  });

  it('falls back to the time it was received when the call has no usable time', () => {
    const event = normalize({ call_id: 1, state: 'ringing', event_timestamp: 'soon' });
    expect(event.occurredAt).toEqual(receivedAt);
  });

  it('normalizes numbers to E.164, keeps unparseable ones as sent, and nulls withheld ones', () => {
    const cases: [unknown, string | null][] = [
      ['+819012345678', '+819012345678'],
      ['090-1234-5678', '+819012345678'],
      ['+1 415 555 0123', '+14155550123'],
      ['blocked', null],
      ['Anonymous', null],
      ['', null],
      ['   ', null],
      [null, null],
      [undefined, null],
      ['12345', '12345'],
      ['Dialpad', 'Dialpad'],
    ];
    for (const [input, expected] of cases) {
      const event = normalize({ ...ringing, external_number: input, internal_number: input });
      expect([event.externalNumber, event.internalNumber]).toEqual([expected, expected]);
    }
  });

  it('tolerates missing and odd targets', () => {
    expect(normalize({ ...ringing, target: undefined, entry_point_target: 'office' }).target).toBeNull();
    expect(normalize({ ...ringing, entry_point_target: [1, 2] }).entryPoint).toBeNull();
    expect(normalize({ ...ringing, target: {} }).target).toBeNull();
    expect(normalize({ ...ringing, target: { id: '7', type: 42, name: null } }).target).toEqual({ id: '7', type: null, name: null });
  });

  it('caps long strings without breaking unicode, and removes control characters', () => {
    const name = '山'.repeat(150) + '😀'.repeat(100);
    const event = normalize({ ...ringing, call_id: 'x'.repeat(5000), target: { id: 1, type: 'user', name: `\u0000${name}` } });
    expect(event.legId).toHaveLength(100);
    const capped = event.target?.name ?? '';
    expect(capped.length).toBeLessThanOrEqual(200);
    expect(capped.startsWith('山'.repeat(150))).toBe(true);
    expect(capped).not.toMatch(/\p{Cc}/u);
    // No half of a surrogate pair is left at the cut.
    expect(capped).toBe(capped.normalize());
    expect(/[\uD800-\uDFFF]/u.test(capped)).toBe(false);
  });

  it('throws malformed_body naming the field when the payload cannot be a call event', () => {
    const cases: [unknown, RegExp][] = [
      [null, /JSON object/],
      [[ringing], /JSON object/],
      ['ringing', /JSON object/],
      [{ ...ringing, call_id: undefined, entry_point_call_id: undefined }, /call_id/],
      [{ ...ringing, call_id: {}, entry_point_call_id: '  ' }, /call_id/],
      [{ ...ringing, state: undefined }, /state/],
      [{ ...ringing, state: 7 }, /state/],
      [{ text: 'an SMS, not a call', id: 5 }, /call_id/],
      [{ event_type: 42, data: {} }, /event_type/],
      [{ event_type: 'call.ringing', data: 'x' }, /event_type/],
    ];
    for (const [payload, message] of cases) {
      expect(() => normalizeDialpadPayload(payload, receivedAt)).toThrow(expect.objectContaining({ code: 'malformed_body' }));
      expect(() => normalizeDialpadPayload(payload, receivedAt)).toThrow(message);
    }
  });
});

describe('normalizeDialpadPayload: dedupe key', () => {
  it('is equal for an identical redelivery, with or without event_timestamp', () => {
    expect(normalize(structuredClone(ringing)).dedupeKey).toBe(normalize(ringing).dedupeKey);
    const noTs = { ...ringing, event_timestamp: undefined };
    const reordered = Object.fromEntries(Object.entries(noTs).reverse());
    expect(normalize(reordered).dedupeKey).toBe(normalize(noTs).dedupeKey);
  });

  it('differs for different states, legs and events', () => {
    const keys = [
      normalize(ringing),
      normalize({ ...ringing, state: 'connected', event_timestamp: 1765794605000 }),
      normalize({ ...ringing, state: 'connected' }),
      normalize({ ...ringing, call_id: 222 }),
      normalize({ ...ringing, event_timestamp: 1765794600151 }),
      normalize({ ...ringing, event_timestamp: undefined }),
      normalize({ ...ringing, event_timestamp: undefined, date_rang: 1765794600121 }),
    ].map((e) => e.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('cannot be made to collide by an id containing the separator', () => {
    const a = normalize({ ...ringing, call_id: 'a|b', state: 'c' });
    const b = normalize({ ...ringing, call_id: 'a', state: 'b|c' });
    expect(a.dedupeKey).not.toBe(b.dedupeKey);
  });

  it('differs between the Dialpad and guide formats of the same call', () => {
    const guide = normalize({ event_type: 'call.ringing', data: ringing });
    expect(guide.dedupeKey).not.toBe(normalize(ringing).dedupeKey);
  });
});

describe('normalizeDialpadPayload: a Dialpad call object in the guide envelope', () => {
  it('normalizes a Dialpad call object carried in data, as provider guide', () => {
    const payload = { event_type: 'call.answered', data: { ...ringing, call_id: 222, entry_point_call_id: 111 } };
    const event = normalize(payload);
    expect(event).toMatchObject({ provider: 'guide', callId: '111', legId: '222', state: 'ringing', externalNumber: '+819012345678' });
    expect(event.raw).toBe(payload);
    // Without its own state, the envelope's event type is the state.
    const stateless = normalize({ event_type: 'call.answered', data: { ...ringing, state: undefined } });
    expect(stateless).toMatchObject({ state: 'connected', kind: 'answered' });
  });
});
