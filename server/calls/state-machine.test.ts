import { describe, expect, it } from 'vitest';
import type { CallState } from '../../common/calls';
import type { CallEvent, CallEventKind } from './call-event';
import { applyEvent, type CallSnapshot, type LegFacts, type Transition } from './state-machine';

const at = (s: number): Date => new Date(Date.UTC(2026, 0, 1, 9, 0, s));
const AGENT = { id: 'u-1', type: 'user', name: '山田 太郎' };

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
    occurredAt: at(30),
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

const call = (state: CallState, extra: Partial<CallSnapshot> = {}): CallSnapshot => ({
  state,
  announced: false,
  answeredAt: null,
  answeredByDialpadId: null,
  answeredByName: null,
  ...extra,
});
const talked = (state: CallState): CallSnapshot => call(state, { answeredAt: at(10), answeredByDialpadId: 'u-1', answeredByName: '山田 太郎' });
const unchanged = (state: CallState, announce = false): Transition => ({ state, changed: false, announce, patch: announce ? { announced: true } : {} });
const agentLeg = { legId: 'agent-2' };
const stillRinging: LegFacts = { allLegsEnded: false, anyLegConnected: false };
const allEndedUnanswered: LegFacts = { allLegsEnded: true, anyLegConnected: false };
const allEndedOneTalked: LegFacts = { allLegsEnded: true, anyLegConnected: true };

/** A call, an event and (when an agent's leg ends unanswered) the legs seen so far → the transition. */
const table: [string, CallSnapshot, CallEvent, LegFacts | null, Transition][] = [
  ['announces an inbound ringing', call('ringing'), event('ringing'), null, unchanged('ringing', true)],
  ['announces a call once', call('ringing', { announced: true }), event('ringing'), null, unchanged('ringing')],
  ['never announces an outbound ringing', call('ringing'), event('ringing', { direction: 'outbound' }), null, unchanged('ringing')],
  ['an answered call ignores a late ringing', talked('answered'), event('ringing'), null, unchanged('answered')],
  ['an ended call ignores a late ringing', talked('ended'), event('ringing'), null, unchanged('ended')],
  ['an ended call ignores a late missed', talked('ended'), event('missed'), null, unchanged('ended')],
  ['a voicemail call ignores a late hangup', call('voicemail'), event('hangup'), null, unchanged('voicemail')],
  ['a voicemail call ignores a late answered', call('voicemail'), event('answered'), null, unchanged('voicemail')],
  ['a missed call stays missed when its voicemail is uploaded', call('missed'), event('other', { state: 'voicemail_uploaded' }), null, unchanged('missed')],
  ['voicemail_uploaded is facts only whatever kind it is given', call('missed'), event('voicemail', { state: 'voicemail_uploaded' }), null, unchanged('missed')],
  ['a recording does not end an answered call', talked('answered'), event('hangup', { state: 'recording' }), null, unchanged('answered')],
  ['a transcription does not move a ringing call', call('ringing'), event('other', { state: 'call_transcription' }), null, unchanged('ringing')],
  [
    'moves ringing → answered, saying when and by whom',
    call('ringing'),
    event('answered', { connectedAt: at(10), target: AGENT }),
    null,
    { state: 'answered', changed: true, announce: false, patch: { state: 'answered', answeredAt: at(10), answeredByDialpadId: 'u-1', answeredByName: '山田 太郎' } },
  ],
  [
    'moves answered → ended, timing the talk',
    talked('answered'),
    event('hangup', { endedAt: at(70) }),
    null,
    { state: 'ended', changed: true, announce: false, patch: { state: 'ended', endedAt: at(70), durationMs: 60_000 } },
  ],
  [
    'calls an unanswered root hangup missed',
    call('ringing'),
    event('hangup'),
    null,
    { state: 'missed', changed: true, announce: false, patch: { state: 'missed', endedAt: at(30), durationMs: null } },
  ],
  [
    'calls a hangup carrying date_connected ended, and answered by its agent',
    call('ringing'),
    event('hangup', { connectedAt: at(10), endedAt: at(40), durationMs: 30_000, target: AGENT }),
    null,
    {
      state: 'ended',
      changed: true,
      announce: false,
      patch: { state: 'ended', endedAt: at(40), durationMs: 30_000, answeredAt: at(10), answeredByDialpadId: 'u-1', answeredByName: '山田 太郎' },
    },
  ],
  ["ignores an agent's unanswered leg while another leg rings", call('ringing'), event('hangup', agentLeg), stillRinging, unchanged('ringing')],
  ["ignores an agent's unanswered leg of a talking call", talked('answered'), event('hangup', agentLeg), null, unchanged('answered')],
  ["ignores an agent's missed leg of a talking call", talked('answered'), event('missed', agentLeg), null, unchanged('answered')],
  [
    'calls the call missed when the last agent leg ends unanswered',
    call('ringing'),
    event('hangup', agentLeg),
    allEndedUnanswered,
    { state: 'missed', changed: true, announce: false, patch: { state: 'missed', endedAt: at(30), durationMs: null } },
  ],
  [
    'calls the call ended when the last agent leg ends and one had talked',
    call('ringing'),
    event('missed', agentLeg),
    allEndedOneTalked,
    { state: 'ended', changed: true, announce: false, patch: { state: 'ended', endedAt: at(30), durationMs: null } },
  ],
  [
    'corrects a call concluded missed when a leg proves it connected',
    call('missed'),
    event('answered', { ...agentLeg, occurredAt: at(20) }),
    null,
    { state: 'answered', changed: true, announce: false, patch: { state: 'answered', answeredAt: at(20), answeredByDialpadId: null, answeredByName: null } },
  ],
  [
    'corrects a call concluded missed when a hangup proves it connected',
    call('missed'),
    event('hangup', { ...agentLeg, connectedAt: at(10) }),
    null,
    { state: 'ended', changed: true, announce: false, patch: { state: 'ended', endedAt: at(30), durationMs: null, answeredAt: at(10), answeredByDialpadId: null, answeredByName: null } },
  ],
  [
    'lets a missed call become voicemail',
    call('missed'),
    event('voicemail', { endedAt: at(50) }),
    null,
    { state: 'voicemail', changed: true, announce: false, patch: { state: 'voicemail', endedAt: at(50), durationMs: null } },
  ],
  ['stores other states without moving the call', call('answered'), event('other'), null, unchanged('answered')],
  [
    'blocks a call whose first event is blocked, without announcing it',
    call('ringing'),
    event('blocked'),
    null,
    { state: 'blocked', changed: true, announce: false, patch: { state: 'blocked', endedAt: at(30), durationMs: null } },
  ],
  [
    'blocks a call that rang first (its card is told it ended)',
    call('ringing', { announced: true }),
    event('blocked'),
    null,
    { state: 'blocked', changed: true, announce: false, patch: { state: 'blocked', endedAt: at(30), durationMs: null } },
  ],
  ['a blocked call never pops on a late ringing', call('blocked'), event('ringing'), null, unchanged('blocked')],
  ['a blocked call stays blocked on its hangup', call('blocked'), event('hangup'), null, unchanged('blocked')],
  ['a blocked call is not made missed by its last leg ending', call('blocked'), event('missed', agentLeg), null, unchanged('blocked')],
  ['an answered call is not turned blocked', talked('answered'), event('blocked'), null, unchanged('answered')],
];

describe('applyEvent', () => {
  it.each(table)('%s', async (_name, from, ev, facts, expected) => {
    // Without facts, the legs must not be asked: only an agent's leg ending unanswered needs them.
    const legs = facts ? () => Promise.resolve(facts) : () => Promise.reject(new Error('legs should not be asked'));
    expect(await applyEvent(from, ev, legs)).toEqual(expected);
  });
});
