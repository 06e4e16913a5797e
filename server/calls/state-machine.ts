import type { CallState } from '../../common/calls';
import { agentOf, type CallEvent } from './call-event';
import { MEDIA_STATES } from './recordings';
import type { CallRow } from './repository';

/**
 * A call only moves forward through these ranks; an event that would move it back is stored and ignored.
 * `missed` ranks below `answered`: it is concluded from the legs seen so far, and with out-of-order
 * delivery an agent's leg can end before the other leg's ringing or connected arrives; a later proof
 * that a leg connected then corrects it, so every order of the same events ends in the same state.
 * `blocked` is final: Dialpad turned the caller away, and whatever leg event follows (its hangup) changes nothing.
 */
const RANK: Record<CallState, number> = { ringing: 0, missed: 1, answered: 2, ended: 3, voicemail: 4, blocked: 5 };

/** What the machine reads of a call. */
export type CallSnapshot = Pick<CallRow, 'state' | 'announced' | 'answeredAt' | 'answeredByDialpadId' | 'answeredByName'>;

/** The call columns a transition sets. */
export type CallPatch = Partial<Pick<CallRow, 'state' | 'announced' | 'answeredAt' | 'answeredByDialpadId' | 'answeredByName' | 'endedAt' | 'durationMs'>>;

export interface LegFacts {
  /** Whether every leg seen so far (this event's included) has ended. */
  allLegsEnded: boolean;
  /** Whether any leg of the call was ever connected. */
  anyLegConnected: boolean;
}

export interface Transition {
  /** The state after the event (unchanged when the event does not move the call). */
  state: CallState;
  changed: boolean;
  /** Whether this event makes the call pop up on screens. */
  announce: boolean;
  /** The columns the event sets on the call; empty when it changes nothing. */
  patch: CallPatch;
}

/** The state an event points to, or null when it says nothing about the call as a whole. */
async function target(call: CallSnapshot, event: CallEvent, legs: () => Promise<LegFacts>): Promise<CallState | null> {
  const rootLeg = event.legId === event.callId;
  // Final: nothing that follows a block (its hangup, a late leg) is worth asking the legs about.
  if (call.state === 'blocked') return null;
  const answered = call.answeredAt !== null || call.state === 'answered';
  // voicemail_uploaded, recording, call_transcription: facts only (their links, server/calls/recordings.ts), never a move.
  if (MEDIA_STATES.has(event.state)) return null;
  switch (event.kind) {
    case 'ringing':
    case 'other':
      return null;
    case 'answered':
      return 'answered';
    case 'voicemail':
      return 'voicemail';
    case 'blocked':
      // Dialpad sends it instead of ringing (or right after it); a call someone answered was not turned away.
      return answered ? null : 'blocked';
    case 'hangup':
    case 'missed': {
      // A test call is ended by us (its timer or its 終了 button), never missed by anyone.
      if (event.provider === 'test' && event.kind === 'hangup') return 'ended';
      if (event.kind === 'hangup' && (answered || event.connectedAt)) {
        // The leg that talked hung up, or the caller did after talking: the call is over.
        return rootLeg || event.connectedAt ? 'ended' : null;
      }
      if (answered) return null; // another agent's unanswered leg of an answered call
      if (rootLeg) return 'missed';
      // An agent's leg stopped ringing; the call is missed only when no leg is left ringing.
      const facts = await legs();
      if (!facts.allLegsEnded) return null;
      return facts.anyLegConnected ? 'ended' : 'missed';
    }
  }
}

/** The columns a transition sets: when and by whom a call was answered, when it ended and how long it took. */
function patchFor(call: CallSnapshot, event: CallEvent, state: CallState, changed: boolean, announce: boolean): CallPatch {
  const patch: CallPatch = {};
  if (announce) patch.announced = true;
  if (!changed) return patch;
  patch.state = state;
  if (state === 'answered') {
    const agent = agentOf(event);
    patch.answeredAt = event.connectedAt ?? event.occurredAt;
    patch.answeredByDialpadId = agent.id;
    patch.answeredByName = agent.name;
  } else {
    patch.endedAt = event.endedAt ?? event.occurredAt;
    patch.durationMs = event.durationMs ?? (call.answeredAt ? patch.endedAt.getTime() - call.answeredAt.getTime() : null);
    if (!call.answeredAt && event.connectedAt) {
      // The talking leg's hangup overtook its `connected`: it still says when and by whom it was answered.
      const agent = agentOf(event);
      patch.answeredAt = event.connectedAt;
      patch.answeredByDialpadId = call.answeredByDialpadId ?? agent.id;
      patch.answeredByName = call.answeredByName ?? agent.name;
    }
  }
  return patch;
}

/**
 * Applies one event to a call: its state after the event and the columns that sets. `legs` is asked
 * only when an agent's leg ends unanswered. Out-of-order and duplicate events never move a call
 * backwards: a `ringing` that arrives after `hangup` pops nothing, and one call pops up at most once.
 */
export async function applyEvent(
  call: CallSnapshot,
  event: CallEvent,
  legs: () => Promise<LegFacts>,
): Promise<Transition> {
  const announce =
    event.kind === 'ringing' && event.direction === 'inbound' && call.state === 'ringing' && !call.announced;
  const next = await target(call, event, legs);
  const state = next !== null && RANK[next] > RANK[call.state] ? next : call.state;
  const changed = state !== call.state;
  return { state, changed, announce, patch: patchFor(call, event, state, changed, announce) };
}
