import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { isUuid } from '../db/uuid';
import type { Executor } from '../db/client';
import { stores, visits } from '../db/schema';
import type { Cursor } from '../http/cursor';

export type VisitRow = typeof visits.$inferSelect & { storeCode: string | null; storeName: string | null };

export interface VisitSummary {
  count: number;
  lastVisitAt: Date | null;
  totalYen: number;
  /** The store this customer visits most (ties: the one visited last). */
  topStore: { code: string; name: string } | null;
}

/** The columns a write sets. */
export interface VisitValues {
  visitedAt: Date;
  storeId: string | null;
  menu: string;
  staffName: string;
  amountYen: number;
  note: string;
}

function selectVisits(db: Executor) {
  return db
    .select({ visit: visits, storeCode: stores.code, storeName: stores.name })
    .from(visits)
    .leftJoin(stores, eq(stores.id, visits.storeId));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectVisits>['execute']>>[number];
const flatten = ({ visit, ...rest }: Joined): VisitRow => ({ ...visit, ...rest });

/** Ids come from URLs: a visit id that is not a uuid, or of another customer, is not found. */
const byIds = (customerId: string, visitId: string) => and(eq(visits.id, visitId), eq(visits.customerId, customerId));

export const visitsRepository = {
  /** Newest first; the cursor is the last row's (visitedAt, id). */
  async recentForCustomer(db: Executor, customerId: string, limit: number, before?: Cursor): Promise<VisitRow[]> {
    const rows = await selectVisits(db)
      .where(
        and(
          eq(visits.customerId, customerId),
          before && or(lt(visits.visitedAt, before.at), and(eq(visits.visitedAt, before.at), lt(visits.id, before.id))),
        ),
      )
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(limit);
    return rows.map(flatten);
  },

  async findById(db: Executor, customerId: string, visitId: string): Promise<VisitRow | undefined> {
    if (!isUuid(customerId) || !isUuid(visitId)) return undefined;
    const [row] = await selectVisits(db).where(byIds(customerId, visitId));
    return row && flatten(row);
  },

  async create(db: Executor, values: VisitValues & { customerId: string; createdBy: string }): Promise<string> {
    const [row] = await db.insert(visits).values(values).returning({ id: visits.id });
    return row!.id;
  },

  /** False when the customer has no such visit. */
  async update(db: Executor, customerId: string, visitId: string, values: Partial<VisitValues>): Promise<boolean> {
    if (!isUuid(customerId) || !isUuid(visitId)) return false;
    const rows = await db.update(visits).set(values).where(byIds(customerId, visitId)).returning({ id: visits.id });
    return rows.length > 0;
  },

  async delete(db: Executor, customerId: string, visitId: string): Promise<boolean> {
    if (!isUuid(customerId) || !isUuid(visitId)) return false;
    const rows = await db.delete(visits).where(byIds(customerId, visitId)).returning({ id: visits.id });
    return rows.length > 0;
  },

  /** Count, last visit, total and the most visited store, in one statement (the popup reads it on every call). */
  async summaryForCustomer(db: Executor, customerId: string): Promise<VisitSummary> {
    const mine = eq(visits.customerId, customerId);
    const totals = db
      .select({
        count: sql<number>`count(*)::int`.as('count'),
        lastVisitAt: sql<Date | null>`max(${visits.visitedAt})`.mapWith(visits.visitedAt).as('last_visit_at'),
        totalYen: sql<string>`coalesce(sum(${visits.amountYen}), 0)::bigint`.as('total_yen'),
      })
      .from(visits)
      .where(mine)
      .as('totals');
    const top = db
      .select({ code: stores.code, name: stores.name })
      .from(visits)
      .innerJoin(stores, eq(stores.id, visits.storeId))
      .where(mine)
      .groupBy(stores.id)
      .orderBy(sql`count(*) DESC`, sql`max(${visits.visitedAt}) DESC`, stores.code)
      .limit(1)
      .as('top');
    const [row] = await db
      .select({ count: totals.count, lastVisitAt: totals.lastVisitAt, totalYen: totals.totalYen, topCode: top.code, topName: top.name })
      .from(totals)
      .leftJoin(top, sql`true`);
    return {
      count: row?.count ?? 0,
      lastVisitAt: row?.lastVisitAt ? new Date(row.lastVisitAt) : null,
      totalYen: Number(row?.totalYen ?? 0),
      topStore: row?.topCode != null && row.topName != null ? { code: row.topCode, name: row.topName } : null,
    };
  },
};
