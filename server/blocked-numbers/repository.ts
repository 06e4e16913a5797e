import { asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { blockedNumbers, customers, users } from '../db/schema';

export interface BlockedNumberRow {
  id: string;
  e164: string;
  reason: string;
  customerId: string | null;
  customerName: string | null;
  blockedById: string | null;
  blockedByName: string | null;
  blockedAt: Date;
}

const columns = {
  id: blockedNumbers.id,
  e164: blockedNumbers.e164,
  reason: blockedNumbers.reason,
  customerId: blockedNumbers.customerId,
  customerName: customers.name,
  blockedById: blockedNumbers.blockedBy,
  blockedByName: users.name,
  blockedAt: blockedNumbers.blockedAt,
};

function withNames(db: Executor) {
  return db
    .select(columns)
    .from(blockedNumbers)
    .leftJoin(customers, eq(customers.id, blockedNumbers.customerId))
    .leftJoin(users, eq(users.id, blockedNumbers.blockedBy));
}

export const blockedNumbersRepository = {
  /** Newest first; a company blocks tens of numbers, not thousands. */
  async list(db: Executor): Promise<BlockedNumberRow[]> {
    return withNames(db).orderBy(desc(blockedNumbers.blockedAt), asc(blockedNumbers.e164));
  },

  async findByE164(db: Executor, e164: string): Promise<BlockedNumberRow | undefined> {
    const [row] = await withNames(db).where(eq(blockedNumbers.e164, e164));
    return row;
  },

  /** The block as Dialpad accepted it; undefined when the number was recorded meanwhile. */
  async insert(db: Executor, values: { e164: string; reason: string; customerId: string | null; blockedBy: string }): Promise<string | undefined> {
    const [row] = await db.insert(blockedNumbers).values(values).onConflictDoNothing({ target: blockedNumbers.e164 }).returning({ id: blockedNumbers.id });
    return row?.id;
  },

  async deleteByE164(db: Executor, e164: string): Promise<boolean> {
    const rows = await db.delete(blockedNumbers).where(eq(blockedNumbers.e164, e164)).returning({ id: blockedNumbers.id });
    return rows.length > 0;
  },
};
