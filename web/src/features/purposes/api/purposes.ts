import type { CallView } from '../../../../../common/calls';
import type { CreatePurpose, PurposeList, PurposeView, UpdatePurpose } from '../../../../../common/purposes';
import type { CallReport } from '../../../../../common/reports';
import { api } from '../../../lib/api/http';

/** The REST calls of call purposes (用件) and the call report. */

export const listPurposes = (): Promise<PurposeList> => api<PurposeList>('/api/call-purposes');

export const createPurpose = (body: CreatePurpose): Promise<PurposeView> => api<PurposeView>('/api/call-purposes', { method: 'POST', body });

export const updatePurpose = (id: string, body: UpdatePurpose): Promise<PurposeView> =>
  api<PurposeView>(`/api/call-purposes/${encodeURIComponent(id)}`, { method: 'PATCH', body });

export const setCallPurpose = (callId: string, purposeId: string | null): Promise<CallView> =>
  api<CallView>(`/api/calls/${encodeURIComponent(callId)}/purpose`, { method: 'PUT', body: { purposeId } });

export const getCallReport = (from: string, to: string): Promise<CallReport> => api<CallReport>('/api/reports/calls', { query: { from, to } });
