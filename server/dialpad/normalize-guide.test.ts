import { describe, expect, it } from 'vitest';
import { normalizeDialpadPayload } from './normalize';

/** The setup guide's `{event_type, data}` envelope; a Dialpad call object inside it is in normalize.test.ts. */
const receivedAt = new Date('2026-01-01T00:00:00.000Z');
const normalize = (payload: unknown) => normalizeDialpadPayload(payload, receivedAt);

describe('normalizeDialpadPayload: the guide envelope', () => {
  const envelope = (eventType: string, data: Record<string, unknown> = {}): Record<string, unknown> => ({
    event_type: eventType,
    data: {
      call_id: 'call-123',
      caller_number: '090-1234-5678',
      callee_number: '050-1748-1234',
      user_id: 42,
      user_name: '佐藤 花子',
      timestamp: '2025-12-15T10:30:00+09:00',
      ...data,
    },
  });

  it('maps the envelope onto a call event', () => {
    const payload = envelope('call.ringing');
    const event = normalize(payload);
    expect(event).toMatchObject({
      provider: 'guide',
      callId: 'call-123',
      legId: 'call-123',
      state: 'ringing',
      kind: 'ringing',
      direction: 'inbound',
      externalNumber: '+819012345678',
      internalNumber: '+815017481234',
      occurredAt: new Date('2025-12-15T01:30:00Z'),
      startedAt: new Date('2025-12-15T01:30:00Z'),
      target: { id: '42', type: 'user', name: '佐藤 花子' },
      entryPoint: null,
      isTest: false,
    });
    expect(event.raw).toBe(payload);
  });

  it.each([
    ['call.ringing', 'ringing', 'ringing'],
    ['call.answered', 'connected', 'answered'],
    ['call.connected', 'connected', 'answered'],
    ['call.ended', 'hangup', 'hangup'],
    ['call.hangup', 'hangup', 'hangup'],
    ['call.missed', 'missed', 'missed'],
    ['call.voicemail', 'voicemail', 'voicemail'],
    ['call.hold', 'hold', 'other'],
    ['CALL.ANSWERED', 'connected', 'answered'],
  ])('maps %s to state %s (kind %s)', (eventType, state, kind) => {
    expect(normalize(envelope(eventType))).toMatchObject({ state, kind });
  });

  it('puts the single timestamp where the state says it belongs', () => {
    const at = new Date('2025-12-15T01:30:00Z');
    expect(normalize(envelope('call.answered'))).toMatchObject({ startedAt: null, connectedAt: at, endedAt: null });
    expect(normalize(envelope('call.ended'))).toMatchObject({ startedAt: null, connectedAt: null, endedAt: at });
  });

  it.each([
    [1765794600, new Date(1765794600000)],
    ['1765794600', new Date(1765794600000)],
    [1765794600150, new Date(1765794600150)],
    ['2025-12-15T10:30:00.150Z', new Date('2025-12-15T10:30:00.150Z')],
    ['not a time', receivedAt],
    ['1', receivedAt],
    [undefined, receivedAt],
  ])('reads the timestamp %j', (timestamp, expected) => {
    expect(normalize(envelope('call.ringing', { timestamp })).occurredAt).toEqual(expected);
  });

  it('has no target without a user, and nulls a withheld caller', () => {
    const event = normalize(envelope('call.ringing', { user_id: undefined, user_name: '', caller_number: 'anonymous' }));
    expect(event.target).toBeNull();
    expect(event.externalNumber).toBeNull();
  });

  it('requires data.call_id', () => {
    expect(() => normalizeDialpadPayload(envelope('call.ringing', { call_id: undefined }), receivedAt)).toThrow(/data\.call_id/);
    expect(() => normalizeDialpadPayload(envelope('call.'), receivedAt)).toThrow(/event_type/);
  });

  it('gives equal keys to a redelivery and different keys to different events', () => {
    const a = normalize(envelope('call.ringing'));
    expect(normalize(envelope('call.ringing')).dedupeKey).toBe(a.dedupeKey);
    expect(normalize(envelope('call.answered')).dedupeKey).not.toBe(a.dedupeKey);
    expect(normalize(envelope('call.ringing', { call_id: 'call-124' })).dedupeKey).not.toBe(a.dedupeKey);
    expect(normalize(envelope('call.ringing', { timestamp: 1765794601 })).dedupeKey).not.toBe(a.dedupeKey);
  });
});
