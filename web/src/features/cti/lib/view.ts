import type { AgentRef, CallState, CustomerSummary } from '../../../../../common/calls';
import type { CallDetail } from '../../../lib/api/types';
import { type CallCard, type CallSeed, isFinished, laterState } from './cards';

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

/** The call detail's customers, whichever server version sent them (the caution flag came later). */
type DetailCustomer = Pick<CustomerSummary, 'id' | 'name' | 'nameKana'> & Partial<Pick<CustomerSummary, 'caution' | 'cautionReason'>>;
const asSummary = (c: DetailCustomer): CustomerSummary => ({ ...c, caution: c.caution ?? false, cautionReason: c.cautionReason ?? '' });

export function cardView(callId: string, live: CallCard | undefined, detail: CallDetail | undefined): CardView {
  const call = detail?.call;
  const seed: CallSeed | null =
    live?.seed ??
    (call
      ? {
          customerPhone: call.customerPhone,
          customerPhoneE164: call.customerPhoneE164,
          incomingNumber: call.incomingNumber,
          store: call.store,
          customer: detail.customer && asSummary(detail.customer),
          candidates: detail.candidates.map(asSummary),
          agent: call.agent,
          startedAt: call.startedAt,
          isTest: call.isTest,
        }
      : null);
  const state = live && call ? laterState(live.state, call.state) : (live?.state ?? call?.state ?? null);
  return {
    callId,
    seed,
    state,
    finished: state !== null && isFinished(state),
    customer: (detail?.customer && asSummary(detail.customer)) ?? seed?.customer ?? null,
    candidates: detail ? detail.candidates.map(asSummary) : (seed?.candidates ?? []),
    answeredBy: live?.answeredBy ?? call?.answeredBy ?? null,
    durationMs: live?.durationMs ?? call?.durationMs ?? null,
  };
}
