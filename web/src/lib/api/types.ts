/**
 * The REST and socket shapes the web app reads and sends: the wire contract in common/ (type-only
 * imports), under the names the web's components use.
 */
import type { z } from 'zod';
import type { createMemoBody, MemoView, updateMemoBody } from '../../../../common/memos';
import type { createStoreBody, StoreList, updateStoreBody } from '../../../../common/stores';
import type { createUserBody } from '../../../../common/users';
import type { createVisitBody, VisitSummaryView, VisitView } from '../../../../common/visits';

export type Memo = MemoView;
export type Visit = VisitView;
export type VisitSummary = VisitSummaryView;
export type { StoreList };
/** What the forms send: the request bodies before the server's defaults and normalisation. */
export type StoreInput = z.input<typeof createStoreBody>;
export type StoreChange = z.input<typeof updateStoreBody>;
export type UserInput = z.input<typeof createUserBody>;
export type MemoInput = z.input<typeof createMemoBody>;
export type MemoChange = z.input<typeof updateMemoBody>;
export type VisitInput = z.input<typeof createVisitBody>;

export type { LoginResponse } from '../../../../common/auth';
export type { Role, User, UserList } from '../../../../common/users';
export type { Store, StoreRef } from '../../../../common/stores';
export type {
  Customer,
  CustomerCreate,
  CustomerList,
  CustomerListItem,
  CustomerMergeView,
  CustomerPatch,
  CustomerPhone,
  DuplicateCustomer,
  DuplicateGroup,
  DuplicateReason,
  ImportResult,
  MergeResultView,
} from '../../../../common/customers';
export type {
  AgentRef,
  CallDetail,
  CallList,
  CallRecording,
  CallState,
  CallUpdatedPayload,
  CallView,
  CustomerSummary,
  IncomingCallPayload,
} from '../../../../common/calls';
export type { CallbackView } from '../../../../common/callbacks';

/** A page of any list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
