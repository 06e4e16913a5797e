import { mayChangeMemo, mayWriteVisit } from '../../common/record-rules';
import { forbidden } from '../http/errors';
import type { SessionUser } from './session';

/** Everything a user may ask to do; every handler asks `authorize` before acting. */
export type Action =
  | 'users:manage'
  | 'stores:read'
  | 'stores:manage'
  | 'customers:read'
  | 'customers:write'
  /** Leave a customer that has phone numbers with none: the pop would no longer know them (admins). */
  | 'customers:clear-phones'
  | 'customers:delete'
  | 'customers:import'
  | 'customers:export'
  /** Change the text of a memo, or delete it: its author, or an admin (pinning is customers:write). */
  | 'memos:edit'
  | 'memos:delete'
  | 'customers:merge'
  /** See a call (`storeCode` and `agentDialpadIds` of the call in the scope; without them: the calls route at all). */
  | 'calls:read'
  | 'calls:test'
  /** Record, change or delete a visit (`storeCode` of the visit, `authorId` who recorded it). */
  | 'visits:write'
  | 'callbacks:work'
  /** Give a call-back task to someone else (take one yourself with callbacks:work). */
  | 'callbacks:assign'
  /** Place a call through Dialpad for a store (`storeCode`: whose task, customer or number it is). */
  | 'calls:place'
  /** Block or unblock a number company-wide in Dialpad, and see the list (admins). */
  | 'numbers:block'
  /** Edit the chain's list of call purposes (admins; everyone may tag a call they can see). */
  | 'purposes:manage'
  /** Read the call figures (`storeCode`: whose; staff their own store's only). */
  | 'reports:read'
  | 'dialpad:manage';

/** The store a resource belongs to, for actions that staff may only take in their own store. */
export interface Scope {
  storeCode?: string | null;
  /** The user who wrote the resource, for actions that staff may only take on their own work. */
  authorId?: string | null;
  /** The Dialpad users a call rang or who answered it (calls:read): the call is theirs too. */
  agentDialpadIds?: readonly (string | null)[];
}

/** Staff of the store, or (for calls) a Dialpad user the call rang or who answered it. */
function callIsFor(user: SessionUser, scope: Scope): boolean {
  if (scope.storeCode === undefined) return true;
  if (scope.storeCode !== null && scope.storeCode === user.storeCode) return true;
  return user.dialpadUserId !== null && (scope.agentDialpadIds ?? []).includes(user.dialpadUserId);
}

export function can(user: SessionUser, action: Action, scope: Scope = {}): boolean {
  if (user.role === 'admin') return true;
  switch (action) {
    case 'stores:read':
    case 'customers:read':
    case 'customers:write':
      return true;
    case 'calls:read':
      // Staff see their own store's calls and those they took or were rung for; calls of no known store are for admins.
      return callIsFor(user, scope);
    case 'callbacks:work':
    case 'calls:place':
    case 'reports:read':
      // A call-back, or a call placed for a store, is its store's work; those of no known store are for admins only.
      return scope.storeCode !== undefined ? scope.storeCode !== null && scope.storeCode === user.storeCode : true;
    case 'visits:write':
      // A visit is its store's record (its takings count there); one of no store, its author's (common/record-rules).
      if (scope.storeCode === undefined) return true;
      return mayWriteVisit(user, { storeCode: scope.storeCode, authorId: scope.authorId });
    case 'memos:edit':
    case 'memos:delete':
      // A memo whose author is gone (or not given) is for admins only (common/record-rules, which the web app follows too).
      return mayChangeMemo(user, scope.authorId);
    // Admins only; among them CSV import (rewrites records in bulk) and export (everyone's personal data).
    case 'users:manage':
    case 'stores:manage':
    case 'customers:clear-phones':
    case 'customers:delete':
    case 'customers:import':
    case 'customers:export':
    case 'customers:merge':
    case 'calls:test':
    case 'dialpad:manage':
    case 'numbers:block':
    case 'callbacks:assign':
    case 'purposes:manage':
      return false;
  }
}

/** The scope of one call for `can(user, 'calls:read', …)`: its store, and who it rang and who answered. */
export function callScope(call: { storeCode: string | null; agentDialpadId: string | null; answeredByDialpadId: string | null }): Scope {
  return { storeCode: call.storeCode, agentDialpadIds: [call.agentDialpadId, call.answeredByDialpadId] };
}

/** What a list of calls is filtered by: the same facts `can(user, 'calls:read', callScope(call))` compares. */
export interface CallViewer {
  storeCode: string | null;
  dialpadUserId: string | null;
}

/** The filter for lists of calls (server/calls/repository.ts); null for admins, who see every call. */
export function callViewer(user: SessionUser): CallViewer | null {
  return user.role === 'admin' ? null : { storeCode: user.storeCode, dialpadUserId: user.dialpadUserId };
}

/** Why a refusal happened, where the generic message would leave staff guessing. */
const REFUSALS: Partial<Record<Action, string>> = {
  'customers:clear-phones': 'Only an admin can remove a customer’s last phone number: without one, no store’s screen would recognise their calls',
  'visits:write': 'Staff record and change the visits of their own store only',
};

/** Throws 403 unless `can` says yes. */
export function authorize(user: SessionUser, action: Action, scope?: Scope): void {
  if (!can(user, action, scope)) throw forbidden(REFUSALS[action]);
}
