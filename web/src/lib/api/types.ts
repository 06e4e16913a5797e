/**
 * The REST shapes the web app reads, taken from the server's route schemas (type-only imports:
 * nothing of the server is bundled). One place to change if a schema moves to common/.
 */
import type { z } from 'zod';
import type { CallDetail, CallView, callListSchema, memoViewSchema, visitSummarySchema, visitViewSchema } from '../../../../server/calls/schema';
import type { Store, storeListSchema } from '../../../../server/stores/schema';
import type { userListSchema } from '../../../../server/users/schema';

export type { CallDetail, CallView, Store };
export type CallList = z.infer<typeof callListSchema>;
export type Memo = z.infer<typeof memoViewSchema>;
export type Visit = z.infer<typeof visitViewSchema>;
export type VisitSummary = z.infer<typeof visitSummarySchema>;
export type StoreList = z.infer<typeof storeListSchema>;
export type UserList = z.infer<typeof userListSchema>;

export type { DuplicateCustomer, DuplicateGroup, DuplicateReason } from '../../../../server/customers/duplicates-schema';
export type { User, LoginResponse, Role } from '../../../../common/auth';
export type { Customer, CustomerList, CustomerListItem, CustomerCreate, CustomerPatch, CustomerPhone } from '../../../../common/customers';
export type {
  AgentRef,
  CallState,
  CallUpdatedPayload,
  CustomerSummary,
  IncomingCallPayload,
  StoreRef,
} from '../../../../common/calls';

/** A page of any list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
