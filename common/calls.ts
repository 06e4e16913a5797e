import type { CallbackView } from './callbacks';

/** Call state as staff see it; the order is the order a call moves through (never backwards). */
export const CALL_STATES = ['ringing', 'answered', 'ended', 'missed', 'voicemail'] as const;
export type CallState = (typeof CALL_STATES)[number];

export interface StoreRef {
  code: string;
  name: string;
}

export interface AgentRef {
  /** Dialpad's id of the user rung (or who answered). */
  id: string;
  name: string;
  /** Our user, when one is linked to that Dialpad user. */
  userId: string | null;
}

/** What the card needs to show who is calling before anything else loads. */
export interface CustomerSummary {
  id: string;
  name: string;
  nameKana: string;
  /** 要注意: shown on the card before anyone answers, with its reason ('' when none given). */
  caution: boolean;
  cautionReason: string;
}

export interface IncomingCallPayload {
  type: 'incoming_call';
  callId: string;
  state: 'ringing';
  /** National form: 09012345678. */
  customerPhone: string | null;
  customerPhoneE164: string | null;
  /** The number dialled, national form: 05017481234. */
  incomingNumber: string | null;
  incomingNumberE164: string | null;
  store: StoreRef | null;
  customer: CustomerSummary | null;
  /** Every customer holding this number when it is shared (a household phone); empty otherwise. */
  candidates: CustomerSummary[];
  agent: AgentRef | null;
  startedAt: string;
  isTest: boolean;
}

export interface CallUpdatedPayload {
  type: 'call_updated';
  callId: string;
  state: CallState;
  store: StoreRef | null;
  answeredBy: AgentRef | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  isTest: boolean;
  /** Who the call is linked to now (set when staff link an unknown or shared number); null while unknown. */
  customer: CustomerSummary | null;
}

/** Server → client socket events, shared with the web app. */
export interface ServerToClientEvents {
  incoming_call: (payload: IncomingCallPayload) => void;
  call_updated: (payload: CallUpdatedPayload) => void;
  /** A call-back task was opened, folded another call in, or was closed. */
  callback_updated: (payload: CallbackView) => void;
  /**
   * Sent on connect and every minute. Connection-state recovery resumes from the last packet a
   * client received, and only while that packet is under two minutes old: this keeps it so.
   */
  heartbeat: (payload: { at: string }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the client sends nothing yet
export interface ClientToServerEvents {}

export const rooms = {
  admin: 'admin-room',
  store: (code: string) => `store:${code}`,
  user: (id: string) => `user:${id}`,
} as const;
