import { and, desc, eq, lt, notInArray, or, sql } from 'drizzle-orm';
import type { CustomerMergeMoved } from '../../../common/customers';
import type { Executor } from '../../db/client';
import { blockedNumbers, callbacks, calls, customerMerges, customerPhones, customers, memos, users, visits } from '../../db/schema';
import type { Cursor } from '../../http/cursor';
import type { CustomerValues } from '../rows';

/** A customer row as locked for a merge (raw columns: the merge fills the target's blanks from them). */
export type LockedCustomer = typeof customers.$inferSelect;

export type MergeRow = typeof customerMerges.$inferSelect & { mergedByName: string | null };

/**
 * Every column that references customers.id, each one handled by `merge` (moved, or re-pointed).
 * The merge test compares this list with the database's foreign keys, so a new table that points at
 * customers fails it until the merge moves that table too (otherwise its rows would be deleted with the source).
 */
export const CUSTOMER_REFERENCES = [
  'blocked_numbers.customer_id',
  'callbacks.customer_id',
  'calls.customer_id',
  'customer_merges.target_id',
  'customer_phones.customer_id',
  'memos.customer_id',
  'visits.customer_id',
] as const;

export const mergeRepository = {
  /**
   * Locks the rows (SELECT … FOR UPDATE) one at a time in id order, so two merges of the same pair,
   * either way round, queue instead of deadlocking. A customer that is gone is missing from the map.
   */
  async lockCustomers(tx: Executor, ids: readonly string[]): Promise<Map<string, LockedCustomer>> {
    const locked = new Map<string, LockedCustomer>();
    for (const id of [...ids].sort()) {
      const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
      if (row) locked.set(id, row);
    }
    return locked;
  },

  /** Moves memos, visits, calls, call-backs and blocks, and re-points earlier merges into the source. */
  async moveRecords(tx: Executor, sourceId: string, targetId: string): Promise<Omit<CustomerMergeMoved, 'phones'>> {
    // One statement after another: a transaction's connection runs them in turn anyway.
    const m = await tx.update(memos).set({ customerId: targetId }).where(eq(memos.customerId, sourceId)).returning({ id: memos.id });
    const v = await tx.update(visits).set({ customerId: targetId }).where(eq(visits.customerId, sourceId)).returning({ id: visits.id });
    const c = await tx.update(calls).set({ customerId: targetId }).where(eq(calls.customerId, sourceId)).returning({ id: calls.id });
    const cb = await tx.update(callbacks).set({ customerId: targetId }).where(eq(callbacks.customerId, sourceId)).returning({ id: callbacks.id });
    // A block stays a block; it now names the customer that stayed.
    await tx.update(blockedNumbers).set({ customerId: targetId }).where(eq(blockedNumbers.customerId, sourceId));
    // What went into the source went, through it, into the target: its history follows it.
    const merges = await tx
      .update(customerMerges)
      .set({ targetId })
      .where(eq(customerMerges.targetId, sourceId))
      .returning({ id: customerMerges.id });
    return { memos: m.length, visits: v.length, calls: c.length, callbacks: cb.length, merges: merges.length };
  },

  /**
   * Moves the source's numbers the target lacks, after the target's own (in their order); a number
   * both hold stays with the target and its source row goes with the source.
   */
  async movePhones(tx: Executor, sourceId: string, targetId: string): Promise<number> {
    const [last] = await tx
      .select({ next: sql<number>`coalesce(max(${customerPhones.position}) + 1, 0)::int` })
      .from(customerPhones)
      .where(eq(customerPhones.customerId, targetId));
    const held = tx.select({ e164: customerPhones.e164 }).from(customerPhones).where(eq(customerPhones.customerId, targetId));
    const rows = await tx
      .update(customerPhones)
      .set({ customerId: targetId, position: sql`${customerPhones.position} + ${last?.next ?? 0}::int` })
      .where(and(eq(customerPhones.customerId, sourceId), notInArray(customerPhones.e164, held)))
      .returning({ e164: customerPhones.e164 });
    return rows.length;
  },

  async updateTarget(tx: Executor, targetId: string, values: Partial<CustomerValues> & { externalId?: string | null; updatedBy: string }): Promise<void> {
    await tx
      .update(customers)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(customers.id, targetId));
  },

  async deleteCustomer(tx: Executor, id: string): Promise<void> {
    await tx.delete(customers).where(eq(customers.id, id));
  },

  async record(
    tx: Executor,
    values: { targetId: string; sourceId: string; sourceSnapshot: unknown; mergedBy: string; moved: CustomerMergeMoved },
  ): Promise<string> {
    const [row] = await tx.insert(customerMerges).values(values).returning({ id: customerMerges.id });
    return row!.id;
  },

  /** The latest merge of a customer that is gone, to tell a caller where it went. */
  async findBySource(db: Executor, sourceId: string): Promise<{ targetId: string } | undefined> {
    const [row] = await db
      .select({ targetId: customerMerges.targetId })
      .from(customerMerges)
      .where(eq(customerMerges.sourceId, sourceId))
      .orderBy(desc(customerMerges.mergedAt))
      .limit(1);
    return row;
  },

  async findById(db: Executor, id: string): Promise<MergeRow | undefined> {
    const [row] = await selectMerges(db).where(eq(customerMerges.id, id));
    return row && flatten(row);
  },

  /** Merges into a customer, newest first; the cursor is the last row's (mergedAt, id). */
  async listForTarget(db: Executor, targetId: string, opts: { before?: Cursor | undefined; limit: number }): Promise<MergeRow[]> {
    const before = opts.before;
    const rows = await selectMerges(db)
      .where(
        and(
          eq(customerMerges.targetId, targetId),
          before &&
            or(lt(customerMerges.mergedAt, before.at), and(eq(customerMerges.mergedAt, before.at), lt(customerMerges.id, before.id))),
        ),
      )
      .orderBy(desc(customerMerges.mergedAt), desc(customerMerges.id))
      .limit(opts.limit);
    return rows.map(flatten);
  },
};

function selectMerges(db: Executor) {
  return db
    .select({ merge: customerMerges, mergedByName: users.name })
    .from(customerMerges)
    .leftJoin(users, eq(users.id, customerMerges.mergedBy));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectMerges>['execute']>>[number];
const flatten = ({ merge, mergedByName }: Joined): MergeRow => ({ ...merge, mergedByName });
