import type { CallState } from '../../../lib/api/types';
import { api } from '../../../lib/api/http';

export interface TestCallResult {
  success: true;
  message: string;
  data: { type: 'incoming_call'; callId: string; customerPhone: string; incomingNumber: string; isTest: true };
}

export const sendTestCall = (customerPhone: string, incomingNumber: string): Promise<TestCallResult> =>
  api<TestCallResult>('/api/dialpad/test-call', { method: 'POST', body: { customerPhone, incomingNumber } });

/** Ends a test call now (the card's 終了); it would end by itself a few seconds after it rang. */
export const endTestCall = (callId: string): Promise<{ callId: string; state: CallState }> =>
  api<{ callId: string; state: CallState }>(`/api/dialpad/test-call/${encodeURIComponent(callId)}/end`, { method: 'POST' });

/** Where the webhook secret comes from: the environment, generated for a trial (development), or nowhere. */
export type WebhookSecretSource = 'environment' | 'generated' | 'missing';

/** Delivery health (read defensively: an older server sends fewer fields). */
export interface DialpadStatus {
  secretConfigured?: boolean;
  secretSource?: WebhookSecretSource;
  lastEventAt?: string | null;
  lastEventState?: string | null;
  signatureFailures?: number;
  lastSignatureFailureAt?: string | null;
}

export const fetchDialpadStatus = (signal?: AbortSignal): Promise<DialpadStatus> => api<DialpadStatus>('/api/dialpad/status', { signal });
