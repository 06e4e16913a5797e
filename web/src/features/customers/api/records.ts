import type { z } from 'zod';
import type { CustomerUsage } from '../../../../../common/usage';
import type { updateVisitBody } from '../../../../../common/visits';
import { api } from '../../../lib/api/http';
import type { Visit } from '../../../lib/api/types';

/** Changing and deleting what was written about a customer (memos, visits), and the customer itself. */

export type VisitChange = z.input<typeof updateVisitBody>;

const path = (id: string): string => `/api/customers/${encodeURIComponent(id)}`;

export const deleteMemo = (customerId: string, memoId: string): Promise<void> =>
  api<void>(`${path(customerId)}/memos/${encodeURIComponent(memoId)}`, { method: 'DELETE' });

export const updateVisit = (customerId: string, visitId: string, change: VisitChange): Promise<Visit> =>
  api<Visit>(`${path(customerId)}/visits/${encodeURIComponent(visitId)}`, { method: 'PATCH', body: change });

export const deleteVisit = (customerId: string, visitId: string): Promise<void> =>
  api<void>(`${path(customerId)}/visits/${encodeURIComponent(visitId)}`, { method: 'DELETE' });

/** What deleting the customer removes and leaves (admin). */
export const fetchCustomerUsage = (id: string, signal?: AbortSignal): Promise<CustomerUsage> => api<CustomerUsage>(`${path(id)}/usage`, { signal });

export const deleteCustomer = (id: string): Promise<void> => api<void>(path(id), { method: 'DELETE' });
