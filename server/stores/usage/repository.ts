import { and, asc, eq, sql } from 'drizzle-orm';
import type { StoreUsage } from '../../../common/usage';
import type { Executor } from '../../db/client';
import { callbacks, calls, customers, storePrefixes, users, visits } from '../../db/schema';

const count = sql<number>`count(*)::int`;

/** What a store's deletion removes (its prefixes), leaves without a store (calls, visits, call-backs, customers), and who blocks it (users). */
export async function storeUsage(db: Executor, storeId: string): Promise<StoreUsage> {
  const [prefixes, members, c, v, cb, cu] = await Promise.all([
    db.select({ prefix: storePrefixes.prefix }).from(storePrefixes).where(eq(storePrefixes.storeId, storeId)).orderBy(asc(storePrefixes.prefix)),
    db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.storeId, storeId)).orderBy(asc(users.name), asc(users.email)),
    db
      .select({ n: count })
      .from(calls)
      .where(and(eq(calls.storeId, storeId), eq(calls.isTest, false))),
    db.select({ n: count }).from(visits).where(eq(visits.storeId, storeId)),
    db.select({ n: count }).from(callbacks).where(eq(callbacks.storeId, storeId)),
    db.select({ n: count }).from(customers).where(eq(customers.homeStoreId, storeId)),
  ]);
  return {
    prefixes: prefixes.map((p) => p.prefix),
    users: members,
    calls: c[0]?.n ?? 0,
    visits: v[0]?.n ?? 0,
    callbacks: cb[0]?.n ?? 0,
    customers: cu[0]?.n ?? 0,
  };
}
