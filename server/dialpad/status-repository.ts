import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { callEvents, calls } from '../db/schema';

export const dialpadStatusRepository = {
  /** The last event Dialpad delivered, if any. */
  async lastEvent(db: Executor): Promise<{ at: Date; state: string } | undefined> {
    const [last] = await db
      .select({ at: callEvents.receivedAt, state: callEvents.state })
      .from(callEvents)
      // Test calls come from our own button, not from Dialpad: they prove nothing about its delivery.
      .innerJoin(calls, and(eq(calls.id, callEvents.callId), eq(calls.isTest, false)))
      .orderBy(desc(callEvents.id))
      .limit(1);
    return last;
  },
};
