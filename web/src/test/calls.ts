import type { CallUpdatedPayload, CallView, IncomingCallPayload } from '../lib/api/types';
import { type CallSeed, seedOf } from '../features/cti/lib/cards';

/** One call as the web tests see it: 山田 花子 ringing 西船橋店, unless a test says otherwise. */
export const incomingCall = (callId: string, overrides: Partial<IncomingCallPayload> = {}): IncomingCallPayload => ({
  type: 'incoming_call',
  callId,
  state: 'ringing',
  customerPhone: '09012345678',
  customerPhoneE164: '+819012345678',
  incomingNumber: '05017481234',
  incomingNumberE164: '+815017481234',
  store: { code: 'nishifuna', name: '西船橋店' },
  customer: { id: 'cust-1', name: '山田 花子', nameKana: 'ヤマダ ハナコ', caution: false, cautionReason: '', tags: [] },
  candidates: [],
  agent: { id: '456', name: '山田 太郎', userId: null },
  startedAt: '2026-11-24T05:05:00.000Z',
  isTest: false,
  ...overrides,
});

/** The same call's card seed, as the socket payload gives it. */
export const callSeed = (overrides: Partial<CallSeed> = {}): CallSeed => {
  const payload = incomingCall('call-1');
  return { ...seedOf(payload, payload), ...overrides };
};

export const callUpdated = (callId: string, state: CallUpdatedPayload['state'], overrides: Partial<CallUpdatedPayload> = {}): CallUpdatedPayload => ({
  type: 'call_updated',
  callId,
  state,
  store: { code: 'nishifuna', name: '西船橋店' },
  answeredBy: null,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  isTest: false,
  voicemailUrl: null,
  recordings: [],
  transcription: null,
  purpose: null,
  customer: null,
  ...overrides,
});

/** The same call as REST returns it (no customer linked, nobody rung yet). */
export const callView = (callId: string, overrides: Partial<CallView> = {}): CallView => {
  const { state, customerPhone, customerPhoneE164, incomingNumber, incomingNumberE164, store, startedAt, isTest } = incomingCall(callId);
  const call = { callId, state, customerPhone, customerPhoneE164, incomingNumber, incomingNumberE164, store, startedAt, isTest };
  return { ...call, direction: 'inbound', customerId: null, customerName: null, agent: null, answeredBy: null, answeredAt: null, endedAt: null, durationMs: null, afterHours: false, voicemailUrl: null, recordings: [], transcription: null, purpose: null, ...overrides };
};
