import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { callbacks, callEvents, calls } from '../db/schema';

/** States whose events should carry a link; one without any tells the API key lacks recordings_export. */
export const LINK_STATES = ['voicemail_uploaded', 'recording'] as const;

export interface MissingLinks {
  /** Calls (not test calls) that had a voicemail_uploaded or recording event since `since` and hold no link. */
  calls: number;
  since: Date;
}

export const recordingsRepository = {
  /** The open call-back tasks this call is folded into (its 留守電あり changes with the call). */
  async openCallbackIdsForCall(db: Executor, callId: string): Promise<string[]> {
    const rows = await db
      .select({ id: callbacks.id })
      .from(callbacks)
      .where(and(eq(callbacks.status, 'open'), sql`${callId} = ANY(${callbacks.callIds})`));
    return rows.map((r) => r.id);
  },

  /**
   * Calls whose voicemail or recording events arrived without any link: Dialpad leaves the links out
   * when the API key lacks the recordings_export scope.
   */
  async callsMissingLinks(db: Executor, since: Date): Promise<MissingLinks> {
    const [row] = await db
      .select({ n: sql<number>`count(DISTINCT ${calls.id})::int` })
      .from(callEvents)
      .innerJoin(calls, eq(calls.id, callEvents.callId))
      .where(
        and(
          inArray(callEvents.state, [...LINK_STATES]),
          gte(callEvents.receivedAt, since),
          eq(calls.isTest, false),
          sql`${calls.voicemailUrl} IS NULL`,
          sql`jsonb_array_length(${calls.recordings}) = 0`,
        ),
      );
    return { calls: row?.n ?? 0, since };
  },
};

/** The window `cti dialpad status` and GET /api/dialpad/status look back over. */
export const MISSING_LINKS_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The last 7 days' calls whose voicemail or recording came without a link. */
export function recentCallsMissingLinks(db: Executor, now = new Date()): Promise<MissingLinks> {
  return recordingsRepository.callsMissingLinks(db, new Date(now.getTime() - MISSING_LINKS_WINDOW_MS));
}
