import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client';

/** One store's day as the query answers it: the purposes keyed by purpose id. */
export interface ReportRow {
  date: string;
  storeCode: string | null;
  storeName: string | null;
  calls: number;
  answered: number;
  missedDuringHours: number;
  afterHours: number;
  callbacksReached: number;
  purposes: Record<string, number>;
}

/**
 * Per Asia/Tokyo day and store, in one statement: inbound calls (blocked and test calls left out),
 * those answered, those missed or left a voicemail while the store was open (calls.after_hours false)
 * and while it was closed (true), call-back tasks closed as reached, and the calls of each purpose.
 * Rows only for a day and store with something to count; `storeCode` null: every store.
 */
export async function callReportRows(db: Executor, opts: { from: string; to: string; storeCode: string | null }): Promise<ReportRow[]> {
  const start = sql`((${opts.from})::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`;
  const end = sql`((${opts.to})::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`;
  const callStore = opts.storeCode === null ? sql`` : sql`AND store_id = (SELECT id FROM stores WHERE code = ${opts.storeCode})`;
  return queryRows<ReportRow>(
    db,
    sql`
      WITH c AS (
        SELECT (started_at AT TIME ZONE 'Asia/Tokyo')::date AS day, store_id, state, answered_at, after_hours, purpose_id
        FROM calls
        WHERE NOT is_test AND direction = 'inbound' AND state <> 'blocked'
          AND started_at >= ${start} AND started_at < ${end} ${callStore}
      ),
      totals AS (
        SELECT day, store_id,
          count(*)::int AS calls,
          count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
          count(*) FILTER (WHERE answered_at IS NULL AND state IN ('missed', 'voicemail') AND NOT after_hours)::int AS missed,
          count(*) FILTER (WHERE answered_at IS NULL AND state IN ('missed', 'voicemail') AND after_hours)::int AS after_hours
        FROM c GROUP BY day, store_id
      ),
      tagged AS (
        SELECT day, store_id, jsonb_object_agg(purpose_id::text, n) AS purposes
        FROM (SELECT day, store_id, purpose_id, count(*)::int AS n FROM c WHERE purpose_id IS NOT NULL GROUP BY day, store_id, purpose_id) p
        GROUP BY day, store_id
      ),
      reached AS (
        SELECT (closed_at AT TIME ZONE 'Asia/Tokyo')::date AS day, store_id, count(*)::int AS n
        FROM callbacks
        WHERE close_reason = 'reached' AND closed_at >= ${start} AND closed_at < ${end} ${callStore}
        GROUP BY day, store_id
      ),
      keys AS (SELECT day, store_id FROM totals UNION SELECT day, store_id FROM reached)
      SELECT to_char(k.day, 'YYYY-MM-DD') AS "date", s.code AS "storeCode", s.name AS "storeName",
        coalesce(t.calls, 0) AS "calls", coalesce(t.answered, 0) AS "answered",
        coalesce(t.missed, 0) AS "missedDuringHours", coalesce(t.after_hours, 0) AS "afterHours",
        coalesce(r.n, 0) AS "callbacksReached", coalesce(g.purposes, '{}'::jsonb) AS "purposes"
      FROM keys k
      LEFT JOIN totals t ON t.day = k.day AND t.store_id IS NOT DISTINCT FROM k.store_id
      LEFT JOIN tagged g ON g.day = k.day AND g.store_id IS NOT DISTINCT FROM k.store_id
      LEFT JOIN reached r ON r.day = k.day AND r.store_id IS NOT DISTINCT FROM k.store_id
      LEFT JOIN stores s ON s.id = k.store_id
      ORDER BY k.day, s.code NULLS LAST
    `,
  );
}
