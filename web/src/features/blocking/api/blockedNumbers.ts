import type { BlockedNumberList, BlockedNumberView, BlockNumberBody } from '../../../../../common/blocked-numbers';
import { api } from '../../../lib/api/http';

export type { BlockedNumberView, BlockNumberBody };

export const listBlockedNumbers = (signal?: AbortSignal): Promise<BlockedNumberList> => api<BlockedNumberList>('/api/blocked-numbers', { signal });

/** Dialpad blocks it company-wide first; the server records it only once Dialpad said yes. */
export const blockNumber = (body: BlockNumberBody): Promise<BlockedNumberView> => api<BlockedNumberView>('/api/blocked-numbers', { method: 'POST', body });

export const unblockNumber = (e164: string): Promise<void> => api<void>(`/api/blocked-numbers/${encodeURIComponent(e164)}`, { method: 'DELETE' });
