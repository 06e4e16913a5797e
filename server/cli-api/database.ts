/** The database-backed part of the CLI's door (./index.ts), loaded only by the commands that use it. */
import type { Executor } from '../db/client';
import { storesRepository } from '../stores/repository';
import { type UserRow, usersRepository } from '../users/repository';

export { openDatabase } from '../db/client';
export { MISSING_LINKS_WINDOW_MS, recentCallsMissingLinks } from '../calls/recordings-repository';
export { prepareCsvImport, runCsvImport } from '../customers/import/import';
export { contactSyncStatus, type ContactSyncStatus, contactWorkerFor, queueUnsyncedContacts } from '../dialpad/contacts/sync';
export { presentUser } from '../users/presenter';
export { createUser, updateUser, UserRuleError } from '../users/service';

/** Users are read here and changed only through createUser and updateUser, the API's own rules. */
export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return usersRepository.findByEmail(db, email);
}

/** One page of users by email, after `after`. */
export function listUsers(db: Executor, page: { after?: string; limit: number }): Promise<UserRow[]> {
  return usersRepository.list(db, page);
}

/** Some store codes, to tell someone who typed an unknown one what exists. */
export async function someStoreCodes(db: Executor, limit: number): Promise<string[]> {
  return (await storesRepository.list(db, { limit })).map((s) => s.code);
}
