import { api } from '../../../lib/api/http';
import type { Store, StoreList } from '../../../lib/api/types';

export const listStores = (signal?: AbortSignal): Promise<StoreList> => api<StoreList>('/api/stores', { query: { limit: 200 }, signal });

export interface StoreInput {
  code: string;
  name: string;
  phonePrefixes: string[];
  dialpadOfficeId?: string | null;
}

export const createStore = (input: StoreInput): Promise<Store> => api<Store>('/api/stores', { method: 'POST', body: input });

export const updateStore = (code: string, change: Partial<Omit<StoreInput, 'code'>>): Promise<Store> =>
  api<Store>(`/api/stores/${encodeURIComponent(code)}`, { method: 'PATCH', body: change });
