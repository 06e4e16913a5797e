import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { CallbackStatus } from '../../common/callbacks';
import { type Executor, queryRows } from '../db/client';
import type { Cursor } from '../http/cursor';
import { callbacks, customers, stores, users } from '../db/schema';

export type CallbackRow = typeof callbacks.$inferSelect & {
  storeCode: string | null;
  storeName: string | null;
  customerName: string | null;
  customerNameKana: string | null;
  closedByName: string | null;
};

function selectViews(db: Executor) {
  return db
    .select({
      callback: callbacks,
      storeCode: stores.code,
      storeName: stores.name,
      customerName: customers.name,
      customerNameKana: customers.nameKana,
      closedByName: users.name,
    })
    .from(callbacks)
    .leftJoin(stores, eq(stores.id, callbacks.storeId))
    .leftJoin(customers, eq(customers.id, callbacks.customerId))
    .leftJoin(users, eq(users.id, callbacks.closedBy));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];
const flatten = ({ callback, ...rest }: Joined): CallbackRow => ({ ...callback, ...rest });

export interface UnansweredCall {
  callId: string;
  storeId: string | null;
  phone: string;
  customerId: string | null;
  reason: 'missed' | 'voicemail';
  at: Date;
}

export const callbacksRepository = {
  /**
   * Opens a call-back task for an unanswered call, or folds it into the open task of that store and
   * number. The same call reported twice (missed, then voicemail) counts once.
   */
  async recordUnanswered(db: Executor, call: UnansweredCall): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`
      INSERT INTO callbacks (store_id, phone, customer_id, reason, call_ids, first_call_at, last_call_at)
      VALUES (${call.storeId}, ${call.phone}, ${call.customerId}, ${call.reason}, ARRAY[${call.callId}]::text[], ${call.at.toISOString()}, ${call.at.toISOString()})
      ON CONFLICT (coalesce(store_id, '00000000-0000-0000-0000-000000000000'::uuid), phone) WHERE status = 'open'
      DO UPDATE SET
        call_ids = CASE WHEN ${call.callId} = ANY(callbacks.call_ids) THEN callbacks.call_ids
                        ELSE callbacks.call_ids || EXCLUDED.call_ids END,
        reason = EXCLUDED.reason,
        customer_id = coalesce(callbacks.customer_id, EXCLUDED.customer_id),
        first_call_at = least(callbacks.first_call_at, EXCLUDED.first_call_at),
        last_call_at = greatest(callbacks.last_call_at, EXCLUDED.last_call_at),
        updated_at = now()
      RETURNING id`,
    );
    return row!.id;
  },

  /** Closes the open tasks of a number that a later call reached (answered, either direction). */
  async closeAnswered(db: Executor, phone: string, callId: string, at: Date): Promise<string[]> {
    const rows = await db
      .update(callbacks)
      .set({ status: 'done', closeReason: 'answered', closedAt: sql`now()`, closedByCallId: callId, updatedAt: sql`now()` })
      .where(and(eq(callbacks.phone, phone), eq(callbacks.status, 'open'), sql`${callbacks.lastCallAt} <= ${at.toISOString()}`))
      .returning({ id: callbacks.id });
    return rows.map((r) => r.id);
  },

  /** Names the customer on the open tasks a call made before anyone knew who called; the ids changed. */
  async attachCustomer(db: Executor, phone: string, callId: string, customerId: string): Promise<string[]> {
    const rows = await db
      .update(callbacks)
      .set({ customerId, updatedAt: sql`now()` })
      .where(and(eq(callbacks.phone, phone), eq(callbacks.status, 'open'), isNull(callbacks.customerId), sql`${callId} = ANY(${callbacks.callIds})`))
      .returning({ id: callbacks.id });
    return rows.map((r) => r.id);
  },

  async findByIds(db: Executor, ids: string[]): Promise<CallbackRow[]> {
    if (ids.length === 0) return [];
    return (await selectViews(db).where(inArray(callbacks.id, ids))).map(flatten);
  },

  async findById(db: Executor, id: string): Promise<CallbackRow | undefined> {
    const [row] = await selectViews(db).where(eq(callbacks.id, id));
    return row && flatten(row);
  },

  /** Newest call first; the cursor is the last row's (lastCallAt, id). */
  async list(
    db: Executor,
    opts: { status?: CallbackStatus | undefined; storeCode?: string | undefined; before?: Cursor | undefined; limit: number },
  ): Promise<CallbackRow[]> {
    const rows = await selectViews(db)
      .where(
        and(
          opts.status ? eq(callbacks.status, opts.status) : undefined,
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
          opts.before
            ? or(lt(callbacks.lastCallAt, opts.before.at), and(eq(callbacks.lastCallAt, opts.before.at), lt(callbacks.id, opts.before.id)))
            : undefined,
        ),
      )
      .orderBy(desc(callbacks.lastCallAt), desc(callbacks.id))
      .limit(opts.limit);
    return rows.map(flatten);
  },

  /** Staff mark a task done (or open it again) and keep a note. */
  async update(db: Executor, id: string, change: { status?: CallbackStatus | undefined; note?: string | undefined; userId: string }): Promise<boolean> {
    const closing = change.status === 'done';
    const reopening = change.status === 'open';
    const rows = await db
      .update(callbacks)
      .set({
        ...(change.note !== undefined ? { note: change.note } : {}),
        ...(closing ? { status: 'done' as const, closeReason: 'done' as const, closedAt: sql`now()`, closedBy: change.userId } : {}),
        ...(reopening ? { status: 'open' as const, closeReason: null, closedAt: null, closedBy: null, closedByCallId: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(callbacks.id, id))
      .returning({ id: callbacks.id });
    return rows.length > 0;
  },
};
