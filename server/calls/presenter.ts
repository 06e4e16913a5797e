import type {
  AgentRef,
  CallOutcome,
  CallState,
  CallUpdatedPayload,
  CallView,
  CustomerCallView,
  CustomerSummary,
  IncomingCallPayload,
} from '../../common/calls';
import { toNational } from '../../common/phone';
import type { StoreRef } from '../../common/stores';
import type { CallWithStore } from './repository';

/** Who is calling: the customer when the number is theirs alone, every holder when it is shared. */
export type CallParties = Pick<IncomingCallPayload, 'customer' | 'candidates'>;

export function partiesFrom(holders: CustomerSummary[]): CallParties {
  return holders.length === 1 ? { customer: holders[0]!, candidates: [] } : { customer: null, candidates: holders };
}

export function storeRef(call: Pick<CallWithStore, 'storeCode' | 'storeName'>): StoreRef | null {
  return call.storeCode && call.storeName !== null ? { code: call.storeCode, name: call.storeName } : null;
}

function agent(id: string | null, name: string | null, userId: string | null): AgentRef | null {
  return id || name ? { id: id ?? '', name: name ?? '', userId } : null;
}

export function presentIncoming(
  call: CallWithStore,
  parties: CallParties,
  agentUserId: string | null,
): IncomingCallPayload {
  return {
    type: 'incoming_call',
    callId: call.id,
    state: 'ringing',
    customerPhone: toNational(call.externalNumber),
    customerPhoneE164: call.externalNumber,
    incomingNumber: toNational(call.internalNumber),
    incomingNumberE164: call.internalNumber,
    store: storeRef(call),
    customer: parties.customer,
    candidates: parties.candidates,
    agent: agent(call.agentDialpadId, call.agentName, agentUserId),
    startedAt: call.startedAt.toISOString(),
    isTest: call.isTest,
  };
}

export function presentUpdate(call: CallWithStore, answeredByUserId: string | null): CallUpdatedPayload {
  return {
    type: 'call_updated',
    callId: call.id,
    state: call.state,
    store: storeRef(call),
    answeredBy: agent(call.answeredByDialpadId, call.answeredByName, answeredByUserId),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    durationMs: call.durationMs,
    isTest: call.isTest,
    voicemailUrl: call.voicemailUrl,
    recordings: call.recordings,
    transcription: call.transcription,
    purpose: call.purpose,
    customer: call.customer,
  };
}

export function presentCall(call: CallWithStore): CallView {
  return {
    callId: call.id,
    state: call.state,
    direction: call.direction,
    customerPhone: toNational(call.externalNumber),
    customerPhoneE164: call.externalNumber,
    incomingNumber: toNational(call.internalNumber),
    incomingNumberE164: call.internalNumber,
    store: storeRef(call),
    customerId: call.customerId,
    customerName: call.customer?.name ?? null,
    agent: agent(call.agentDialpadId, call.agentName, null),
    answeredBy: agent(call.answeredByDialpadId, call.answeredByName, null),
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    durationMs: call.durationMs,
    isTest: call.isTest,
    afterHours: call.afterHours,
    voicemailUrl: call.voicemailUrl,
    recordings: call.recordings,
    transcription: call.transcription,
    purpose: call.purpose,
  };
}

/** The outcome the customer's history shows: a call that was answered stays answered once it ends. */
export function callOutcome(state: CallState): CallOutcome | null {
  switch (state) {
    case 'answered':
    case 'ended':
      return 'answered';
    case 'missed':
    case 'voicemail':
    case 'blocked':
      return state;
    case 'ringing':
      return null;
  }
}

/** One call of a customer's history: the call, with how it ended. */
export function presentCustomerCall(call: CallWithStore): CustomerCallView {
  return { ...presentCall(call), outcome: callOutcome(call.state) };
}
