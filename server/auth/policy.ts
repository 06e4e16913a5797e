import { forbidden } from '../http/errors';
import type { SessionUser } from './session';

/** Everything a user may ask to do; every handler asks `authorize` before acting. */
export type Action =
  | 'users:manage'
  | 'stores:read'
  | 'stores:manage'
  | 'customers:read'
  | 'customers:write'
  | 'customers:delete'
  | 'customers:import'
  | 'customers:export'
  /** Change the text of a memo, or delete it: its author, or an admin (pinning is customers:write). */
  | 'memos:edit'
  | 'memos:delete'
  | 'customers:merge'
  | 'calls:read'
  | 'calls:test'
  | 'callbacks:work'
  | 'dialpad:manage';

/** The store a resource belongs to, for actions that staff may only take in their own store. */
export interface Scope {
  storeCode?: string | null;
  /** The user who wrote the resource, for actions that staff may only take on their own work. */
  authorId?: string | null;
}

export function can(user: SessionUser, action: Action, scope: Scope = {}): boolean {
  if (user.role === 'admin') return true;
  switch (action) {
    case 'stores:read':
    case 'customers:read':
    case 'customers:write':
      return true;
    case 'calls:read':
    case 'callbacks:work':
      // Staff see their own store's calls and call-backs; those of no known store are for admins only.
      return scope.storeCode !== undefined ? scope.storeCode !== null && scope.storeCode === user.storeCode : true;
    case 'memos:edit':
    case 'memos:delete':
      // A memo whose author is gone (or not given) is for admins only.
      return scope.authorId !== undefined && scope.authorId !== null && scope.authorId === user.id;
    // Admins only; among them CSV import (rewrites records in bulk) and export (everyone's personal data).
    case 'users:manage':
    case 'stores:manage':
    case 'customers:delete':
    case 'customers:import':
    case 'customers:export':
    case 'customers:merge':
    case 'calls:test':
    case 'dialpad:manage':
      return false;
  }
}

/** Throws 403 unless `can` says yes. */
export function authorize(user: SessionUser, action: Action, scope?: Scope): void {
  if (!can(user, action, scope)) throw forbidden();
}
