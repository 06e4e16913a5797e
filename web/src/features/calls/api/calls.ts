import { api } from '../../../lib/api/http';
import type { CallList, CallState } from '../../../lib/api/types';

export interface CallFilters {
  store?: string;
  state?: CallState;
  customerId?: string;
  /** false: real calls only (what figures count); true: test calls only; absent: both. */
  test?: boolean;
  /** ISO instants. */
  from?: string;
  to?: string;
}

export const listCalls = (filters: CallFilters, cursor?: string, limit = 50, signal?: AbortSignal): Promise<CallList> =>
  api<CallList>('/api/calls', { query: { ...filters, cursor, limit }, signal });

/** Every call matching the filters, page after page, up to `max`. */
export async function listAllCalls(filters: CallFilters, max = 1000, signal?: AbortSignal): Promise<CallList['items']> {
  const items: CallList['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await listCalls(filters, cursor, 200, signal);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}
