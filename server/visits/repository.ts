import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { stores, visits } from '../db/schema';

export type VisitRow = typeof visits.$inferSelect & { storeCode: string | null; storeName: string | null };

export interface VisitSummary {
  count: number;
  lastVisitAt: Date | null;
  totalYen: number;
  /** The store this customer visits most. */
  topStore: { code: string; name: string } | null;
}

export const visitsRepository = {
  async recentForCustomer(db: Executor, customerId: string, limit: number): Promise<VisitRow[]> {
    const rows = await db
      .select({ visit: visits, storeCode: stores.code, storeName: stores.name })
      .from(visits)
      .leftJoin(stores, eq(stores.id, visits.storeId))
      .where(eq(visits.customerId, customerId))
      .orderBy(desc(visits.visitedAt))
      .limit(limit);
    return rows.map((r) => ({ ...r.visit, storeCode: r.storeCode, storeName: r.storeName }));
  },

  async summaryForCustomer(db: Executor, customerId: string): Promise<VisitSummary> {
    const [totals] = await db
      .select({
        count: sql<number>`count(*)::int`,
        lastVisitAt: sql<string | null>`max(${visits.visitedAt})`,
        totalYen: sql<number>`coalesce(sum(${visits.amountYen}), 0)::bigint`,
      })
      .from(visits)
      .where(eq(visits.customerId, customerId));
    const [top] = await db
      .select({ code: stores.code, name: stores.name, n: sql<number>`count(*)::int` })
      .from(visits)
      .innerJoin(stores, eq(stores.id, visits.storeId))
      .where(eq(visits.customerId, customerId))
      .groupBy(stores.code, stores.name)
      .orderBy(sql`count(*) DESC`, stores.code)
      .limit(1);
    return {
      count: totals?.count ?? 0,
      lastVisitAt: totals?.lastVisitAt ? new Date(totals.lastVisitAt) : null,
      totalYen: Number(totals?.totalYen ?? 0),
      topStore: top ? { code: top.code, name: top.name } : null,
    };
  },
};
