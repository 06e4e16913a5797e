import { describe, expect, it } from 'vitest';
import type { CallState } from '../../common/calls';
import type { CallEvent, CallEventKind } from './call-event';
import { applyEvent, type CallSnapshot, type LegFacts } from './state-machine';

function event(kind: CallEventKind, overrides: Partial<CallEvent> = {}): CallEvent {
  return {
    provider: 'dialpad',
    callId: 'root',
    legId: 'root',
    state: kind,
    kind,
    direction: 'inbound',
    externalNumber: '+819012345678',
    internalNumber: '+815017481234',
    occurredAt: new Date(),
    startedAt: null,
    connectedAt: null,
    endedAt: null,
    durationMs: null,
    target: null,
    entryPoint: null,
    isTest: false,
    dedupeKey: kind,
    raw: {},
    ...overrides,
  };
}

const call = (state: CallState, extra: Partial<CallSnapshot> = {}): CallSnapshot => ({ state, announced: false, answeredAt: null, ...extra });
const legs = (facts: LegFacts) => () => Promise.resolve(facts);
const noLegs = () => Promise.reject(new Error('legs should not be asked'));

describe('applyEvent', () => {
  it('announces an inbound ringing once, never an outbound one', async () => {
    expect(await applyEvent(call('ringing'), event('ringing'), noLegs)).toEqual({ state: 'ringing', changed: false, announce: true });
    expect((await applyEvent(call('ringing', { announced: true }), event('ringing'), noLegs)).announce).toBe(false);
    expect((await applyEvent(call('ringing'), event('ringing', { direction: 'outbound' }), noLegs)).announce).toBe(false);
  });

  it.each([
    ['answered', 'ringing'],
    ['ended', 'ringing'],
    ['ended', 'missed'],
    ['voicemail', 'hangup'],
    ['voicemail', 'answered'],
  ] as const)('a %s call ignores a late %s (never backwards)', async (state, kind) => {
    const result = await applyEvent(call(state, { answeredAt: state === 'ended' ? new Date() : null }), event(kind), noLegs);
    expect(result.changed).toBe(false);
    expect(result.announce).toBe(false);
  });

  it('moves ringing → answered → ended', async () => {
    expect((await applyEvent(call('ringing'), event('answered'), noLegs)).state).toBe('answered');
    expect((await applyEvent(call('answered', { answeredAt: new Date() }), event('hangup'), noLegs)).state).toBe('ended');
  });

  it('calls an unanswered root hangup missed, and a hangup carrying date_connected ended', async () => {
    expect((await applyEvent(call('ringing'), event('hangup'), noLegs)).state).toBe('missed');
    expect((await applyEvent(call('ringing'), event('hangup', { connectedAt: new Date() }), noLegs)).state).toBe('ended');
  });

  it("ignores an agent's unanswered leg while another leg rings or talks", async () => {
    const agentLeg = { legId: 'agent-2' };
    expect((await applyEvent(call('ringing'), event('hangup', agentLeg), legs({ allLegsEnded: false, anyLegConnected: false }))).changed).toBe(false);
    expect((await applyEvent(call('answered', { answeredAt: new Date() }), event('hangup', agentLeg), noLegs)).changed).toBe(false);
    expect((await applyEvent(call('answered', { answeredAt: new Date() }), event('missed', agentLeg), noLegs)).changed).toBe(false);
    expect((await applyEvent(call('ringing'), event('hangup', agentLeg), legs({ allLegsEnded: true, anyLegConnected: false }))).state).toBe('missed');
  });

  it('corrects a call concluded missed from the legs seen so far when a leg proves it connected', async () => {
    // Out of order: an agent's unanswered leg ended before the other leg's events arrived.
    expect(await applyEvent(call('missed'), event('answered', { legId: 'agent-2' }), noLegs)).toEqual({ state: 'answered', changed: true, announce: false });
    expect((await applyEvent(call('missed'), event('hangup', { legId: 'agent-2', connectedAt: new Date() }), noLegs)).state).toBe('ended');
  });

  it('lets a missed call become voicemail', async () => {
    expect((await applyEvent(call('missed'), event('voicemail'), noLegs)).state).toBe('voicemail');
  });

  it('stores other states without moving the call', async () => {
    expect(await applyEvent(call('answered'), event('other'), noLegs)).toEqual({ state: 'answered', changed: false, announce: false });
  });
});
