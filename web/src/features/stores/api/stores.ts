import { api } from '../../../lib/api/http';
import type { Store, StoreChange, StoreInput, StoreList } from '../../../lib/api/types';

export const listStores = (signal?: AbortSignal): Promise<StoreList> => api<StoreList>('/api/stores', { query: { limit: 200 }, signal });

export const createStore = (input: StoreInput): Promise<Store> => api<Store>('/api/stores', { method: 'POST', body: input });

export const updateStore = (code: string, change: StoreChange): Promise<Store> =>
  api<Store>(`/api/stores/${encodeURIComponent(code)}`, { method: 'PATCH', body: change });
