import { api } from '../../../lib/api/http';
import type {
  Customer,
  CustomerCreate,
  CustomerList,
  CustomerPatch,
  DuplicateGroup,
  DuplicateReason,
  Memo,
  MemoChange,
  MemoInput,
  Page,
  Visit,
  VisitInput,
} from '../../../lib/api/types';

const path = (id: string): string => `/api/customers/${encodeURIComponent(id)}`;

/** Name, kana or phone fragment. */
export const searchCustomers = (q: string, cursor?: string, signal?: AbortSignal): Promise<CustomerList> =>
  api<CustomerList>('/api/customers', { query: { q, cursor, limit: 20 }, signal });

/** Groups of customers that may be one person: a shared number or the same name and kana. Both kinds when `reason` is absent. */
export const fetchDuplicates = (reason: DuplicateReason | undefined, cursor?: string, signal?: AbortSignal): Promise<Page<DuplicateGroup>> =>
  api<Page<DuplicateGroup>>('/api/customers/duplicates', { query: { reason, cursor, limit: 20 }, signal });

export const fetchCustomer = (id: string, signal?: AbortSignal): Promise<Customer> => api<Customer>(path(id), { signal });

/** The form gives phones as the person typed them; the server normalises them. */
export type CustomerInput = Partial<Omit<CustomerCreate, 'name'>> & { name: string };

export const createCustomer = (input: CustomerInput): Promise<Customer> => api<Customer>('/api/customers', { method: 'POST', body: input });

export const updateCustomer = (id: string, patch: CustomerPatch): Promise<Customer> => api<Customer>(path(id), { method: 'PATCH', body: patch });

/** Moves everything of `sourceId` (memos, visits, calls, phones) onto `targetId`, then deletes it. */
export const mergeCustomers = (targetId: string, sourceId: string): Promise<{ customer: Customer }> =>
  api<{ customer: Customer }>(`${path(targetId)}/merge`, { method: 'POST', body: { sourceId } });

export const fetchMemos = (id: string, signal?: AbortSignal): Promise<Page<Memo>> => api<Page<Memo>>(`${path(id)}/memos`, { signal });

export const createMemo = (customerId: string, input: MemoInput): Promise<Memo> =>
  api<Memo>(`${path(customerId)}/memos`, { method: 'POST', body: input });

export const updateMemo = (customerId: string, memoId: string, change: MemoChange): Promise<Memo> =>
  api<Memo>(`${path(customerId)}/memos/${encodeURIComponent(memoId)}`, { method: 'PATCH', body: change });

export const fetchVisits = (id: string, signal?: AbortSignal): Promise<Page<Visit>> => api<Page<Visit>>(`${path(id)}/visits`, { signal });

export const createVisit = (customerId: string, input: VisitInput): Promise<Visit> =>
  api<Visit>(`${path(customerId)}/visits`, { method: 'POST', body: input });
