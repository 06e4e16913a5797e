import { api } from '../../../lib/api/http';

export interface TestCallResult {
  success: true;
  message: string;
  data: { type: 'incoming_call'; callId: string; customerPhone: string; incomingNumber: string; isTest: true };
}

export const sendTestCall = (customerPhone: string, incomingNumber: string): Promise<TestCallResult> =>
  api<TestCallResult>('/api/dialpad/test-call', { method: 'POST', body: { customerPhone, incomingNumber } });

/** Delivery health (read defensively: the endpoint is not in the contract yet). */
export interface DialpadStatus {
  lastEventAt?: string | null;
  lastEventState?: string | null;
  signatureFailures?: number;
  lastSignatureFailureAt?: string | null;
}

export const fetchDialpadStatus = (signal?: AbortSignal): Promise<DialpadStatus> => api<DialpadStatus>('/api/dialpad/status', { signal });
