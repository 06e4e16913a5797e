import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { calls } from '../db/schema';

export const testCallRepository = {
  /** Test calls still ringing (or on the line) that started before `before`: their end is overdue. */
  async overdue(db: Executor, before: Date): Promise<string[]> {
    // `state IN (ringing, answered)` keeps this on the partial calls_active_idx: a handful of rows, whatever the history.
    const rows = await db
      .select({ id: calls.id })
      .from(calls)
      .where(and(inArray(calls.state, ['ringing', 'answered']), lt(calls.startedAt, before), eq(calls.isTest, true)))
      .limit(500);
    return rows.map((r) => r.id);
  },
};
