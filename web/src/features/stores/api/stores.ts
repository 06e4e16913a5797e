import type { StoreUsage } from '../../../../../common/usage';
import { api } from '../../../lib/api/http';
import type { Store, StoreChange, StoreInput, StoreList } from '../../../lib/api/types';

export const listStores = (signal?: AbortSignal): Promise<StoreList> => api<StoreList>('/api/stores', { query: { limit: 200 }, signal });

export const createStore = (input: StoreInput): Promise<Store> => api<Store>('/api/stores', { method: 'POST', body: input });

export const updateStore = (code: string, change: StoreChange): Promise<Store> =>
  api<Store>(`/api/stores/${encodeURIComponent(code)}`, { method: 'PATCH', body: change });

/** What deleting the store removes and leaves, and the users who must move first (admin). */
export const fetchStoreUsage = (code: string, signal?: AbortSignal): Promise<StoreUsage> =>
  api<StoreUsage>(`/api/stores/${encodeURIComponent(code)}/usage`, { signal });

/** 409 while users belong to the store. */
export const deleteStore = (code: string): Promise<void> => api<void>(`/api/stores/${encodeURIComponent(code)}`, { method: 'DELETE' });
