import type { AgentRef, CallDetail, CallState, CustomerSummary } from '../../../lib/api/types';
import { type CallCard, type CallSeed, isFinished, laterState, seedOf } from './cards';

/** What a card shows, from the live socket state and the fetched details, whichever is newer. */
export interface CardView {
  callId: string;
  seed: CallSeed | null;
  state: CallState | null;
  finished: boolean;
  customer: CustomerSummary | null;
  candidates: CustomerSummary[];
  answeredBy: AgentRef | null;
  durationMs: number | null;
}

export function cardView(callId: string, live: CallCard | undefined, detail: CallDetail | undefined): CardView {
  const call = detail?.call;
  const seed = live?.seed ?? (call ? seedOf(call, detail) : null);
  const state = live && call ? laterState(live.state, call.state) : (live?.state ?? call?.state ?? null);
  return {
    callId,
    seed,
    state,
    finished: state !== null && isFinished(state),
    customer: detail?.customer ?? seed?.customer ?? null,
    candidates: detail?.candidates ?? seed?.candidates ?? [],
    answeredBy: live?.answeredBy ?? call?.answeredBy ?? null,
    durationMs: live?.durationMs ?? call?.durationMs ?? null,
  };
}
