import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { contactOutbox, customerPhones, customers, stores, workerLeases } from '../../db/schema';
import type { ContactSource } from './contact';

/** All the SQL of the contacts outbox (server/dialpad/contacts/) and of its sender's lease. */

export type OutboxOp = 'upsert' | 'delete';

export interface OutboxChange {
  customerId: string;
  op: OutboxOp;
}

/** A pending row as the worker read it: the revision is what a send may mark done. */
export interface OutboxRow {
  id: number;
  customerId: string;
  op: OutboxOp;
  revision: number;
  attempts: number;
}

export interface OutboxStatus {
  pending: number;
  /** Pending rows that failed at least once and wait for their next attempt. */
  retrying: number;
  failed: number;
  sentLast24h: number;
  oldestPendingAt: Date | null;
  failures: { customerId: string; op: OutboxOp; attempts: number; lastError: string | null; at: Date }[];
  lease: { holder: string; expiresAt: Date } | null;
}

export const CONTACTS_LEASE = 'dialpad-contacts';

const rowColumns = {
  id: contactOutbox.id,
  customerId: contactOutbox.customerId,
  op: contactOutbox.op,
  revision: contactOutbox.revision,
  attempts: contactOutbox.attempts,
};

export const contactOutboxRepository = {
  /**
   * Queues these customers, in the caller's transaction. A customer with a row still pending keeps
   * that one row: its op becomes the latest and its revision goes up, so a send in flight for the
   * older revision does not mark it done (the worker reads the customer again when it sends).
   */
  async enqueue(db: Executor, changes: readonly OutboxChange[]): Promise<void> {
    // One row per customer per statement (ON CONFLICT cannot touch a row twice); the last change wins.
    const latest = new Map(changes.map((c) => [c.customerId.toLowerCase(), c.op]));
    if (latest.size === 0) return;
    await db
      .insert(contactOutbox)
      .values([...latest].map(([customerId, op]) => ({ customerId, op })))
      .onConflictDoUpdate({
        target: contactOutbox.customerId,
        targetWhere: sql.raw(`"state" = 'pending'`),
        set: {
          op: sql`excluded.op`,
          revision: sql`${contactOutbox.revision} + 1`,
          attempts: 0,
          nextAttemptAt: sql`now()`,
          lastError: null,
          updatedAt: sql`now()`,
        },
      });
  },

  /**
   * Queues an upsert for each customer of the next `limit` (by id, after `afterId`) that has never
   * been sent nor waits to be: the full push, resumable. Returns how many were queued and the last id seen.
   */
  async enqueueUnsynced(db: Executor, afterId: string | null, limit: number): Promise<{ queued: number; lastId: string | null }> {
    const page = await db
      .select({ id: customers.id })
      .from(customers)
      .where(afterId === null ? undefined : gt(customers.id, afterId))
      .orderBy(asc(customers.id))
      .limit(limit);
    const lastId = page.at(-1)?.id ?? null;
    if (page.length === 0) return { queued: 0, lastId };
    const ids = page.map((r) => r.id);
    const known = await db
      .selectDistinct({ customerId: contactOutbox.customerId })
      .from(contactOutbox)
      .where(and(inArray(contactOutbox.customerId, ids), inArray(contactOutbox.state, ['pending', 'sent'])));
    const seen = new Set(known.map((k) => k.customerId));
    const fresh = ids.filter((id) => !seen.has(id));
    if (fresh.length > 0) {
      await db
        .insert(contactOutbox)
        .values(fresh.map((customerId) => ({ customerId, op: 'upsert' as const })))
        .onConflictDoNothing();
    }
    return { queued: fresh.length, lastId };
  },

  /** Customers that were never sent and do not wait to be (what `cti dialpad contacts sync` would queue). */
  async unsyncedCount(db: Executor): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(customers)
      .where(
        sql`not exists (select 1 from ${contactOutbox} where ${contactOutbox.customerId} = ${customers.id} and ${contactOutbox.state} in ('pending', 'sent'))`,
      );
    return row?.n ?? 0;
  },

  /** The pending row due first, oldest first. */
  async nextDue(db: Executor): Promise<OutboxRow | undefined> {
    const [row] = await db
      .select(rowColumns)
      .from(contactOutbox)
      .where(and(eq(contactOutbox.state, 'pending'), lte(contactOutbox.nextAttemptAt, sql`now()`)))
      .orderBy(asc(contactOutbox.nextAttemptAt), asc(contactOutbox.id))
      .limit(1);
    return row;
  },

  /** The customer as the contact shows it now; undefined when it is gone (deleted or merged away). */
  async loadSource(db: Executor, customerId: string): Promise<ContactSource | undefined> {
    const [row] = await db
      .select({ id: customers.id, name: customers.name, email: customers.email, caution: customers.caution, homeStoreName: stores.name })
      .from(customers)
      .leftJoin(stores, eq(stores.id, customers.homeStoreId))
      .where(eq(customers.id, customerId));
    if (!row) return undefined;
    const phones = await db
      .select({ e164: customerPhones.e164 })
      .from(customerPhones)
      .where(eq(customerPhones.customerId, customerId))
      .orderBy(asc(customerPhones.position), asc(customerPhones.e164));
    return { ...row, phones: phones.map((p) => p.e164) };
  },

  /** Dialpad's id for this customer's contact, from the latest answer that named one. */
  async knownContactId(db: Executor, customerId: string): Promise<string | null> {
    const [row] = await db
      .select({ id: contactOutbox.dialpadContactId })
      .from(contactOutbox)
      .where(and(eq(contactOutbox.customerId, customerId), isNotNull(contactOutbox.dialpadContactId)))
      .orderBy(desc(contactOutbox.updatedAt), desc(contactOutbox.id))
      .limit(1);
    return row?.id ?? null;
  },

  /**
   * Dialpad answered 2xx for `row` as read. The contact id is kept whatever happened meanwhile (a
   * later delete needs it); the row is marked sent only if no change came since (same revision).
   * Then the customer keeps one sent row (the latest) and its older failures are superseded.
   */
  async markSent(db: Executor, row: OutboxRow, contactId: string | null): Promise<boolean> {
    return db.transaction(async (tx) => {
      if (contactId !== null) {
        await tx.update(contactOutbox).set({ dialpadContactId: contactId }).where(eq(contactOutbox.id, row.id));
      }
      const done = await tx
        .update(contactOutbox)
        .set({ state: 'sent', sentAt: sql`now()`, updatedAt: sql`now()`, attempts: sql`${contactOutbox.attempts} + 1`, lastError: null })
        .where(and(eq(contactOutbox.id, row.id), eq(contactOutbox.revision, row.revision), eq(contactOutbox.state, 'pending')))
        .returning({ id: contactOutbox.id });
      if (done.length === 0) return false;
      await tx
        .delete(contactOutbox)
        .where(and(eq(contactOutbox.customerId, row.customerId), eq(contactOutbox.state, 'sent'), ne(contactOutbox.id, row.id)));
      await tx
        .update(contactOutbox)
        .set({ state: 'superseded', updatedAt: sql`now()` })
        .where(and(eq(contactOutbox.customerId, row.customerId), eq(contactOutbox.state, 'failed')));
      return true;
    });
  },

  /** Tries again after `delayMs`; `countAttempt` is false for waits that are no fault of the row (429, the key). */
  async reschedule(db: Executor, row: OutboxRow, delayMs: number, error: string, countAttempt: boolean): Promise<void> {
    await db
      .update(contactOutbox)
      .set({
        attempts: countAttempt ? sql`${contactOutbox.attempts} + 1` : contactOutbox.attempts,
        nextAttemptAt: sql`now() + ${Math.max(0, Math.round(delayMs))} * interval '1 millisecond'`,
        lastError: error,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contactOutbox.id, row.id), eq(contactOutbox.revision, row.revision), eq(contactOutbox.state, 'pending')));
  },

  /** Gives up on this revision (kept, with its error, for `cti dialpad contacts status`). */
  async markFailed(db: Executor, row: OutboxRow, error: string): Promise<void> {
    await db
      .update(contactOutbox)
      .set({ state: 'failed', attempts: sql`${contactOutbox.attempts} + 1`, lastError: error, updatedAt: sql`now()` })
      .where(and(eq(contactOutbox.id, row.id), eq(contactOutbox.revision, row.revision), eq(contactOutbox.state, 'pending')));
  },

  async counts(db: Executor): Promise<{ pending: number; failed: number }> {
    const rows = await db
      .select({ state: contactOutbox.state, n: count() })
      .from(contactOutbox)
      .where(inArray(contactOutbox.state, ['pending', 'failed']))
      .groupBy(contactOutbox.state);
    const of = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { pending: of('pending'), failed: of('failed') };
  },

  async status(db: Executor, failureLimit: number): Promise<OutboxStatus> {
    const [summary] = await db
      .select({
        pending: sql<number>`count(*) filter (where ${contactOutbox.state} = 'pending')`.mapWith(Number),
        retrying: sql<number>`count(*) filter (where ${contactOutbox.state} = 'pending' and ${contactOutbox.lastError} is not null)`.mapWith(Number),
        failed: sql<number>`count(*) filter (where ${contactOutbox.state} = 'failed')`.mapWith(Number),
        sentLast24h: sql<number>`count(*) filter (where ${contactOutbox.state} = 'sent' and ${contactOutbox.sentAt} > now() - interval '24 hours')`.mapWith(Number),
        oldestPendingAt: sql<string | null>`min(${contactOutbox.createdAt}) filter (where ${contactOutbox.state} = 'pending')`,
      })
      .from(contactOutbox);
    const failures = await db
      .select({
        customerId: contactOutbox.customerId,
        op: contactOutbox.op,
        attempts: contactOutbox.attempts,
        lastError: contactOutbox.lastError,
        at: contactOutbox.updatedAt,
      })
      .from(contactOutbox)
      .where(eq(contactOutbox.state, 'failed'))
      .orderBy(desc(contactOutbox.updatedAt), desc(contactOutbox.id))
      .limit(failureLimit);
    const [lease] = await db
      .select({ holder: workerLeases.holder, expiresAt: workerLeases.expiresAt })
      .from(workerLeases)
      .where(and(eq(workerLeases.name, CONTACTS_LEASE), gt(workerLeases.expiresAt, sql`now()`)));
    const oldest = summary?.oldestPendingAt ?? null;
    return {
      pending: summary?.pending ?? 0,
      retrying: summary?.retrying ?? 0,
      failed: summary?.failed ?? 0,
      sentLast24h: summary?.sentLast24h ?? 0,
      oldestPendingAt: oldest === null ? null : new Date(oldest),
      failures,
      lease: lease ?? null,
    };
  },

  /**
   * Takes or renews the lease `name` for `holder` for `ms`; true when `holder` has it. Atomic: of
   * two nodes asking at once one wins, and an expired lease passes to whoever asks next.
   */
  async acquireLease(db: Executor, name: string, holder: string, ms: number): Promise<boolean> {
    const rows = await db
      .insert(workerLeases)
      .values({ name, holder, expiresAt: sql`now() + ${ms} * interval '1 millisecond'` })
      .onConflictDoUpdate({
        target: workerLeases.name,
        set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
        setWhere: sql`${workerLeases.holder} = excluded.holder or ${workerLeases.expiresAt} < now()`,
      })
      .returning({ holder: workerLeases.holder });
    return rows[0]?.holder === holder;
  },

  async releaseLease(db: Executor, name: string, holder: string): Promise<void> {
    await db.delete(workerLeases).where(and(eq(workerLeases.name, name), eq(workerLeases.holder, holder)));
  },
};
