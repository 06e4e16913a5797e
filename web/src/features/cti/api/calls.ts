import { api } from '../../../lib/api/http';
import type { CallDetail, CallList, Memo } from '../../../lib/api/types';
import type { CustomerInput } from '../../customers/api/customers';

/** Everything the card shows for one call: customer, memos, visits, previous calls. */
export const fetchCallDetail = (callId: string, signal?: AbortSignal): Promise<CallDetail> =>
  api<CallDetail>(`/api/calls/${encodeURIComponent(callId)}`, { signal });

/** Calls ringing (or on the line) now, for a tab that was away. */
export const fetchActiveCalls = (): Promise<CallList> => api<CallList>('/api/calls/active');

/** Says who an unknown caller is: an existing customer, or a new one created with the link (one transaction). */
export const linkCallCustomer = (callId: string, who: { customerId: string } | { create: CustomerInput }): Promise<CallDetail> =>
  api<CallDetail>(`/api/calls/${encodeURIComponent(callId)}/customer`, { method: 'POST', body: who });

/** A memo on a call's card: the call's until its caller is known, then the customer's too. */
export const createCallMemo = (callId: string, input: { body: string }): Promise<Memo> =>
  api<Memo>(`/api/calls/${encodeURIComponent(callId)}/memos`, { method: 'POST', body: input });
