import { CALL_STATES } from '../../../../../common/calls';
import type { AgentRef, CallState, CallUpdatedPayload, CallView, CustomerSummary, IncomingCallPayload } from '../../../lib/api/types';
import type { ClaimOutcome } from './callClaims';

/** What a card can show before the call's details load (the socket payload, or a call from /api/calls/active). */
export type CallSeed = Pick<
  IncomingCallPayload,
  'customerPhone' | 'customerPhoneE164' | 'incomingNumber' | 'store' | 'customer' | 'candidates' | 'agent' | 'startedAt' | 'isTest'
>;

type SeedCustomers = Pick<CallSeed, 'customer' | 'candidates'>;
const NO_CUSTOMERS: SeedCustomers = { customer: null, candidates: [] };

/** A card's seed from a call as the socket announced it or REST returned it, with its customers when known. */
export function seedOf(call: CallView | IncomingCallPayload, { customer, candidates }: SeedCustomers = NO_CUSTOMERS): CallSeed {
  const { customerPhone, customerPhoneE164, incomingNumber, store, agent, startedAt, isTest } = call;
  return { customerPhone, customerPhoneE164, incomingNumber, store, customer, candidates, agent, startedAt, isTest };
}

export type AlertKind = 'sound' | 'notification' | 'window';

export interface CallCard {
  callId: string;
  seed: CallSeed;
  state: CallState;
  answeredBy: AgentRef | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  /** Order of arrival in this tab (newest first on screen). */
  seq: number;
  /** Whether this tab won the browser-wide claim to ring for this call. */
  claim: ClaimOutcome | 'pending' | null;
  /** What this tab actually did for the call. */
  alerts: AlertKind[];
  popupBlocked: boolean;
}

export interface CardsState {
  cards: CallCard[];
  /** Closed by the person: a late event must not bring them back. */
  dismissed: string[];
  seq: number;
}

export type CardsAction =
  | { type: 'incoming'; payload: IncomingCallPayload }
  | { type: 'updated'; payload: CallUpdatedPayload }
  | { type: 'active'; calls: CallView[] }
  | { type: 'dismiss'; callId: string }
  | { type: 'claim'; callId: string; claim: ClaimOutcome | 'pending'; alerts?: AlertKind[]; popupBlocked?: boolean }
  | { type: 'linked'; callId: string; customer: CustomerSummary };

export const initialCardsState: CardsState = { cards: [], dismissed: [], seq: 0 };

const FINISHED: ReadonlySet<CallState> = new Set(['ended', 'missed', 'voicemail', 'blocked']);

export const isFinished = (state: CallState): boolean => FINISHED.has(state);

/** A call never moves backwards: a late `ringing` after `answered` is ignored. */
export function laterState(current: CallState, next: CallState): CallState {
  if (isFinished(current)) return current;
  return CALL_STATES.indexOf(next) >= CALL_STATES.indexOf(current) ? next : current;
}

const DISMISSED_KEPT = 200;

function newCard(state: CardsState, callId: string, seed: CallSeed, callState: CallState): CallCard {
  return {
    callId,
    seed,
    state: callState,
    answeredBy: null,
    answeredAt: null,
    endedAt: null,
    durationMs: null,
    seq: state.seq + 1,
    claim: null,
    alerts: [],
    popupBlocked: false,
  };
}

function update(state: CardsState, callId: string, change: (card: CallCard) => CallCard): CardsState {
  return { ...state, cards: state.cards.map((card) => (card.callId === callId ? change(card) : card)) };
}

/** The call cards of one tab. */
export function cardsReducer(state: CardsState, action: CardsAction): CardsState {
  switch (action.type) {
    case 'incoming': {
      const { payload } = action;
      if (state.dismissed.includes(payload.callId)) return state;
      const seed = seedOf(payload, payload);
      // The same call announced twice (a second leg, a recovered socket) stays one card.
      if (state.cards.some((card) => card.callId === payload.callId)) {
        return update(state, payload.callId, (card) => ({ ...card, seed: { ...card.seed, ...seed, customer: seed.customer ?? card.seed.customer } }));
      }
      return { ...state, seq: state.seq + 1, cards: [newCard(state, payload.callId, seed, 'ringing'), ...state.cards] };
    }
    case 'updated': {
      const { payload } = action;
      if (state.dismissed.includes(payload.callId)) return state;
      const known = state.cards.some((card) => card.callId === payload.callId);
      if (!known) return state;
      return update(state, payload.callId, (card) => ({
        ...card,
        state: laterState(card.state, payload.state),
        // Linked in another tab (or on the server): every card shows who it is now.
        seed: payload.customer
          ? { ...card.seed, store: payload.store ?? card.seed.store, customer: payload.customer, candidates: [] }
          : { ...card.seed, store: payload.store ?? card.seed.store },
        answeredBy: payload.answeredBy ?? card.answeredBy,
        answeredAt: payload.answeredAt ?? card.answeredAt,
        endedAt: payload.endedAt ?? card.endedAt,
        durationMs: payload.durationMs ?? card.durationMs,
      }));
    }
    case 'active': {
      let next = state;
      // Oldest first, so the newest call ends up on top.
      for (const call of [...action.calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
        if (next.dismissed.includes(call.callId)) continue;
        if (next.cards.some((card) => card.callId === call.callId)) {
          next = update(next, call.callId, (card) => ({
            ...card,
            state: laterState(card.state, call.state),
            answeredBy: call.answeredBy ?? card.answeredBy,
            answeredAt: call.answeredAt ?? card.answeredAt,
          }));
          continue;
        }
        const card = { ...newCard(next, call.callId, seedOf(call), call.state), answeredBy: call.answeredBy, answeredAt: call.answeredAt };
        next = { ...next, seq: next.seq + 1, cards: [card, ...next.cards] };
      }
      return next;
    }
    case 'dismiss':
      return {
        ...state,
        cards: state.cards.filter((card) => card.callId !== action.callId),
        dismissed: [action.callId, ...state.dismissed.filter((id) => id !== action.callId)].slice(0, DISMISSED_KEPT),
      };
    case 'claim':
      return update(state, action.callId, (card) => ({
        ...card,
        claim: action.claim,
        alerts: action.alerts ?? card.alerts,
        popupBlocked: action.popupBlocked ?? card.popupBlocked,
      }));
    case 'linked':
      return update(state, action.callId, (card) => ({ ...card, seed: { ...card.seed, customer: action.customer, candidates: [] } }));
  }
}

/** Newest first. */
export function orderedCards(state: CardsState): CallCard[] {
  return [...state.cards].sort((a, b) => b.seq - a.seq);
}
