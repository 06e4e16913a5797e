import { api } from '../../../lib/api/http';
import type { CallbackView, Page } from '../../../lib/api/types';

/** Open tasks of calls missed while their store was closed, oldest first call first (for the next morning). */
export const fetchAfterHoursCallbacks = (signal?: AbortSignal): Promise<Page<CallbackView>> =>
  api<Page<CallbackView>>('/api/callbacks', { query: { status: 'open', queue: 'after_hours', limit: 100 }, signal });
