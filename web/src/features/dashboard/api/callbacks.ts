import { api } from '../../../lib/api/http';
import type { CallbackView, Page } from '../../../lib/api/types';

export type { CallbackView };

/** Open call-back tasks (calls nobody answered), oldest last call first as the server orders them. */
export const fetchCallbacks = (signal?: AbortSignal): Promise<Page<CallbackView>> =>
  api<Page<CallbackView>>('/api/callbacks', { query: { status: 'open', limit: 100 }, signal });

export const closeCallback = (id: string): Promise<CallbackView> =>
  api<CallbackView>(`/api/callbacks/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status: 'done' } });
