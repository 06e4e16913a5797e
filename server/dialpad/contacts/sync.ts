import type { Database, Db } from '../../db/client';
import { DialpadContactsClient } from './client';
import { contactOutboxRepository, type OutboxStatus } from './repository';
import { ContactWorker, type WorkerLog } from './worker';

/** The use cases behind `cti dialpad contacts sync|status` (reached through server/cli-api). */

const PAGE = 500;

/**
 * Queues an upsert for every customer never sent to Dialpad, in id order, a page per transaction.
 * Resumable: what an earlier run queued or sent is skipped, so running it again continues.
 */
export async function queueUnsyncedContacts(db: Db, onPage?: (queued: number) => void): Promise<number> {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const page: { queued: number; lastId: string | null } = await db.transaction((tx) => contactOutboxRepository.enqueueUnsynced(tx, from, PAGE));
    if (page.lastId === null) return total;
    total += page.queued;
    onPage?.(total);
    after = page.lastId;
  }
}

export interface ContactSyncStatus extends OutboxStatus {
  unsynced: number;
}

export async function contactSyncStatus(db: Db, failureLimit = 20): Promise<ContactSyncStatus> {
  const [status, unsynced] = [await contactOutboxRepository.status(db, failureLimit), await contactOutboxRepository.unsyncedCount(db)];
  return { ...status, unsynced };
}

/** The server's worker, for a process of its own (the CLI): the same lease, limits and retries. */
export function contactWorkerFor(database: Database, dialpad: { apiKey: string; baseUrl: string }, log?: WorkerLog): ContactWorker {
  return new ContactWorker({
    db: database.db,
    api: new DialpadContactsClient(dialpad),
    coordination: database.kind === 'postgres' ? 'lease' : 'single',
    log,
  });
}
