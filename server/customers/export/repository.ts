import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { customers } from '../../db/schema';

/** The SQL only the CSV export needs; the rows themselves come page by page from the search. */
export const exportRepository = {
  /** External ids of these customers (the export's 顧客ID column); customers without one are left out. */
  async externalIdsOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.select({ id: customers.id, externalId: customers.externalId }).from(customers).where(inArray(customers.id, [...ids]));
    return new Map(rows.flatMap((r) => (r.externalId === null ? [] : [[r.id, r.externalId] as const])));
  },
};
