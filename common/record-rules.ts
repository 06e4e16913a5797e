import type { Role } from './users';

/**
 * Who may change which memo and which visit: the one rule the server's policy (server/auth/policy.ts)
 * enforces and the web app follows to decide which buttons to show.
 */

/** The facts about the signed-in user these rules read. */
export interface RecordActor {
  id: string;
  role: Role;
  storeCode: string | null;
}

/** A memo's words and its deletion are its author's, or an admin's; a memo whose author is gone is for admins only. */
export function mayChangeMemo(user: RecordActor, authorId: string | null | undefined): boolean {
  if (user.role === 'admin') return true;
  return authorId !== undefined && authorId !== null && authorId === user.id;
}

/**
 * A visit is its store's record (its takings count there): staff change those of their own store; one of
 * no store, only the person who recorded it. Admins any.
 */
export function mayWriteVisit(user: RecordActor, visit: { storeCode: string | null; authorId: string | null | undefined }): boolean {
  if (user.role === 'admin') return true;
  if (visit.storeCode !== null) return visit.storeCode === user.storeCode;
  return visit.authorId !== undefined && visit.authorId !== null && visit.authorId === user.id;
}
