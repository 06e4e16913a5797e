import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { CallState } from '../../common/calls';
import type { Executor } from '../db/client';
import type { Cursor } from '../http/cursor';
import { callEvents, calls, stores, users } from '../db/schema';
import type { CallEvent } from './call-event';

export type CallRow = typeof calls.$inferSelect;
export type CallWithStore = CallRow & { storeCode: string | null; storeName: string | null };

const withStoreColumns = { call: calls, storeCode: stores.code, storeName: stores.name };

function flatten(row: { call: CallRow; storeCode: string | null; storeName: string | null }): CallWithStore {
  return { ...row.call, storeCode: row.storeCode, storeName: row.storeName };
}

const TERMINAL_EVENT_STATES = ['hangup', 'missed', 'voicemail', 'voicemail_uploaded'];

export const callsRepository = {
  /** Records an event; false when it was delivered before (the dedupe key exists). */
  async insertEvent(db: Executor, event: CallEvent): Promise<boolean> {
    const rows = await db
      .insert(callEvents)
      .values({
        callId: event.callId,
        legId: event.legId,
        state: event.state,
        dedupeKey: event.dedupeKey,
        occurredAt: event.occurredAt,
        payload: event.raw,
      })
      .onConflictDoNothing({ target: callEvents.dedupeKey })
      .returning({ id: callEvents.id });
    return rows.length > 0;
  },

  /** Creates the call unless another event created it first; true when this call created it. */
  async insertCall(db: Executor, values: typeof calls.$inferInsert): Promise<boolean> {
    const rows = await db.insert(calls).values(values).onConflictDoNothing({ target: calls.id }).returning({ id: calls.id });
    return rows.length > 0;
  },

  /** Reads the call and holds its row until the transaction ends, so events of one call apply one at a time. */
  async lockCall(db: Executor, id: string): Promise<CallWithStore | undefined> {
    const [row] = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .where(eq(calls.id, id))
      .for('update', { of: calls });
    return row && flatten(row);
  },

  async updateCall(db: Executor, id: string, values: Partial<typeof calls.$inferInsert>): Promise<void> {
    await db
      .update(calls)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(calls.id, id));
  },

  /** Whether every leg seen so far has ended, and whether any was connected. */
  async legFacts(db: Executor, callId: string): Promise<{ allLegsEnded: boolean; anyLegConnected: boolean }> {
    const [row] = await db
      .select({
        open: sql<number>`count(*) FILTER (WHERE NOT ended)::int`,
        connected: sql<boolean>`coalesce(bool_or(connected), false)`,
      })
      .from(
        db
          .select({
            ended: sql<boolean>`bool_or(${callEvents.state} IN (${sql.join(TERMINAL_EVENT_STATES.map((s) => sql`${s}`), sql`, `)}))`.as('ended'),
            connected: sql<boolean>`bool_or(${callEvents.state} = 'connected')`.as('connected'),
          })
          .from(callEvents)
          .where(eq(callEvents.callId, callId))
          .groupBy(callEvents.legId)
          .as('legs'),
      );
    return { allLegsEnded: (row?.open ?? 1) === 0, anyLegConnected: row?.connected ?? false };
  },

  /** Our user linked to a Dialpad user id, for the `user:<id>` room and names. */
  async userIdForDialpadUser(db: Executor, dialpadUserId: string): Promise<string | null> {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.dialpadUserId, dialpadUserId));
    return row?.id ?? null;
  },

  async findById(db: Executor, id: string): Promise<CallWithStore | undefined> {
    const [row] = await db.select(withStoreColumns).from(calls).leftJoin(stores, eq(stores.id, calls.storeId)).where(eq(calls.id, id));
    return row && flatten(row);
  },

  /** Calls ringing or in progress now, newest first; staff see their store only. */
  async listActive(db: Executor, opts: { storeCode?: string | undefined; since: Date }): Promise<CallWithStore[]> {
    const rows = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .where(
        and(
          inArray(calls.state, ['ringing', 'answered']),
          gte(calls.startedAt, opts.since),
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
        ),
      )
      .orderBy(desc(calls.startedAt))
      .limit(100);
    return rows.map(flatten);
  },

  /** Newest first; the cursor is the last row's (startedAt, id). */
  async list(
    db: Executor,
    opts: {
      storeCode?: string | undefined;
      state?: CallState | undefined;
      customerId?: string | undefined;
      from?: Date | undefined;
      to?: Date | undefined;
      before?: Cursor | undefined;
      limit: number;
    },
  ): Promise<CallWithStore[]> {
    const rows = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .where(
        and(
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
          opts.state ? eq(calls.state, opts.state) : undefined,
          opts.customerId ? eq(calls.customerId, opts.customerId) : undefined,
          opts.from ? gte(calls.startedAt, opts.from) : undefined,
          opts.to ? lt(calls.startedAt, opts.to) : undefined,
          opts.before
            ? or(
                lt(calls.startedAt, opts.before.at),
                and(eq(calls.startedAt, opts.before.at), lt(calls.id, opts.before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(opts.limit);
    return rows.map(flatten);
  },
};
