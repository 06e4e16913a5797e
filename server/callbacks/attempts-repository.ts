import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AttemptOutcome } from '../../common/callbacks';
import type { Executor } from '../db/client';
import { callbackAttempts, callbacks, users } from '../db/schema';

export type AttemptRow = typeof callbackAttempts.$inferSelect & { userName: string | null };

/** What a call's event says about the attempt it was placed for. */
export interface AttemptEvent {
  callId: string;
  at: Date;
  /** The customer picked up (this event, or an earlier one of the call). */
  answered: boolean;
  /** The call is over. */
  ended: boolean;
  answeredAt: Date | null;
  durationMs: number | null;
}

export const attemptsRepository = {
  /** A placement starts before Dialpad is asked, so the call's first event always finds its row. */
  async start(db: Executor, values: { callbackId: string; userId: string }): Promise<string> {
    const [row] = await db
      .insert(callbackAttempts)
      .values({ callbackId: values.callbackId, userId: values.userId, outcome: 'placing' })
      .returning({ id: callbackAttempts.id });
    return row!.id;
  },

  /** The placement failed: the reason is the error code the caller saw. */
  async fail(db: Executor, id: string, reason: string): Promise<void> {
    await db.update(callbackAttempts).set({ outcome: 'failed', reason }).where(eq(callbackAttempts.id, id));
  },

  async forCallbacks(db: Executor, callbackIds: string[]): Promise<Map<string, AttemptRow[]>> {
    const out = new Map<string, AttemptRow[]>();
    if (callbackIds.length === 0) return out;
    const rows = await db
      .select({ attempt: callbackAttempts, userName: users.name })
      .from(callbackAttempts)
      .leftJoin(users, eq(users.id, callbackAttempts.userId))
      .where(inArray(callbackAttempts.callbackId, callbackIds))
      .orderBy(asc(callbackAttempts.startedAt), asc(callbackAttempts.id));
    for (const { attempt, userName } of rows) {
      const list = out.get(attempt.callbackId) ?? [];
      list.push({ ...attempt, userName });
      out.set(attempt.callbackId, list);
    }
    return out;
  },

  /**
   * Applies a call's event to the attempt it was placed for (one statement), and closes the task as
   * `reached` when the customer answered. An answer is final; a call that ends unanswered marks a
   * placing (or, when Dialpad placed it after our request gave up, a failed) attempt unanswered.
   * Returns the task's id when the attempt exists (the view changed), else null.
   */
  async recordEvent(db: Executor, ids: { callbackId: string; attemptId: string }, event: AttemptEvent): Promise<string | null> {
    const at = event.at.toISOString();
    const outcome: AttemptOutcome | null = event.answered ? 'answered' : event.ended ? 'unanswered' : null;
    const nextOutcome =
      outcome === 'answered'
        ? sql`'answered'`
        : outcome === 'unanswered'
          ? sql`CASE WHEN ${callbackAttempts.outcome} IN ('placing', 'failed') THEN 'unanswered' ELSE ${callbackAttempts.outcome} END`
          : sql`${callbackAttempts.outcome}`;
    const [row] = await db
      .update(callbackAttempts)
      .set({
        outcome: nextOutcome,
        dialpadCallId: sql`coalesce(${callbackAttempts.dialpadCallId}, ${event.callId})`,
        ...(event.answered ? { answeredAt: sql`coalesce(${callbackAttempts.answeredAt}, ${(event.answeredAt ?? event.at).toISOString()}::timestamptz)` } : {}),
        ...(event.ended ? { endedAt: sql`coalesce(${callbackAttempts.endedAt}, ${at}::timestamptz)` } : {}),
        ...(event.ended && event.answered && event.durationMs !== null ? { durationMs: event.durationMs } : {}),
      })
      .where(and(eq(callbackAttempts.id, ids.attemptId), eq(callbackAttempts.callbackId, ids.callbackId)))
      .returning({ userId: callbackAttempts.userId });
    if (!row) return null;
    if (event.answered) {
      await db
        .update(callbacks)
        .set({ status: 'done', closeReason: 'reached', closedAt: sql`now()`, closedBy: row.userId, closedByCallId: event.callId, updatedAt: sql`now()` })
        .where(and(eq(callbacks.id, ids.callbackId), eq(callbacks.status, 'open')));
    } else if (outcome !== null) {
      await db.update(callbacks).set({ updatedAt: sql`now()` }).where(eq(callbacks.id, ids.callbackId));
    }
    return outcome === null ? null : ids.callbackId;
  },
};
