import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { callbacks, calls, memos, visits } from '../../db/schema';
import type { CustomerUsage } from '../../../common/usage';

const count = sql<number>`count(*)::int`;

/** What a customer's deletion removes (memos, visits) and what it leaves unlinked (calls, call-backs); one query each, on indexed columns. */
export async function customerUsage(db: Executor, customerId: string): Promise<CustomerUsage> {
  const [m, v, c, cb] = await Promise.all([
    db.select({ n: count }).from(memos).where(eq(memos.customerId, customerId)),
    db.select({ n: count }).from(visits).where(eq(visits.customerId, customerId)),
    db
      .select({ n: count })
      .from(calls)
      .where(and(eq(calls.customerId, customerId), eq(calls.isTest, false))),
    db.select({ n: count }).from(callbacks).where(eq(callbacks.customerId, customerId)),
  ]);
  return { memos: m[0]?.n ?? 0, visits: v[0]?.n ?? 0, calls: c[0]?.n ?? 0, callbacks: cb[0]?.n ?? 0 };
}
