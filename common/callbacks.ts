import type { StoreRef } from './calls';

export const CALLBACK_STATUSES = ['open', 'done'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** A call-back task as screens show it and sockets push it (`callback_updated`). */
export interface CallbackView {
  id: string;
  status: CallbackStatus;
  reason: 'missed' | 'voicemail';
  /** National form: 09012345678. */
  phone: string;
  phoneE164: string;
  store: StoreRef | null;
  customer: { id: string; name: string; nameKana: string } | null;
  callCount: number;
  lastCallId: string;
  firstCallAt: string;
  lastCallAt: string;
  note: string;
  closedAt: string | null;
  closeReason: 'done' | 'answered' | null;
  closedBy: { id: string; name: string } | null;
}
