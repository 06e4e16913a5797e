import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CallbackQueue, CallbackStatus } from '../../common/callbacks';
import { type Executor, queryRows } from '../db/client';
import type { Cursor } from '../http/cursor';
import { callbacks, calls, customers, stores, users } from '../db/schema';
import { type AttemptRow, attemptsRepository } from './attempts-repository';

export type CallbackRow = typeof callbacks.$inferSelect & {
  storeCode: string | null;
  storeName: string | null;
  customerName: string | null;
  customerNameKana: string | null;
  closedByName: string | null;
  ownerName: string | null;
  voicemailUrl: string | null;
  /** Oldest first. */
  attempts: AttemptRow[];
};

const owners = alias(users, 'owners');

function selectViews(db: Executor) {
  return db
    .select({
      callback: callbacks,
      storeCode: stores.code,
      storeName: stores.name,
      customerName: customers.name,
      customerNameKana: customers.nameKana,
      closedByName: users.name,
      ownerName: owners.name,
      // The newest voicemail link among the calls folded in (server/calls/recordings.ts keeps it https only).
      voicemailUrl: sql<string | null>`(SELECT c.voicemail_url FROM ${calls} c WHERE c.id = ANY(${callbacks.callIds}) AND c.voicemail_url IS NOT NULL ORDER BY c.started_at DESC LIMIT 1)`,
    })
    .from(callbacks)
    .leftJoin(stores, eq(stores.id, callbacks.storeId))
    .leftJoin(customers, eq(customers.id, callbacks.customerId))
    .leftJoin(users, eq(users.id, callbacks.closedBy))
    .leftJoin(owners, eq(owners.id, callbacks.ownerId));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];

/** The rows with their attempts (one more query for the whole page). */
async function withAttempts(db: Executor, rows: Joined[]): Promise<CallbackRow[]> {
  const attempts = await attemptsRepository.forCallbacks(db, rows.map((r) => r.callback.id));
  return rows.map(({ callback, ...rest }) => ({ ...callback, ...rest, attempts: attempts.get(callback.id) ?? [] }));
}

export interface UnansweredCall {
  callId: string;
  storeId: string | null;
  phone: string;
  customerId: string | null;
  reason: 'missed' | 'voicemail';
  at: Date;
  /** Whether the call came while its store was open (its business hours). */
  kind: CallbackKind;
}

/** The column's word for a task's queue: `during_hours` is listed as `regular`. */
export type CallbackKind = (typeof callbacks.$inferSelect)['kind'];
export function queueOf(kind: CallbackKind): CallbackQueue {
  switch (kind) {
    case 'during_hours':
      return 'regular';
    case 'after_hours':
      return 'after_hours';
  }
}
function kindOf(queue: CallbackQueue): CallbackKind {
  switch (queue) {
    case 'regular':
      return 'during_hours';
    case 'after_hours':
      return 'after_hours';
  }
}

export const callbacksRepository = {
  /**
   * Opens a call-back task for an unanswered call, or folds it into the open task of that store and
   * number. The same call reported twice (missed, then voicemail) counts once. A task stays after
   * hours only while every call folded in came after hours.
   */
  async recordUnanswered(db: Executor, call: UnansweredCall): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`
      INSERT INTO callbacks (store_id, phone, customer_id, reason, kind, call_ids, first_call_at, last_call_at)
      VALUES (${call.storeId}, ${call.phone}, ${call.customerId}, ${call.reason}, ${call.kind}, ARRAY[${call.callId}]::text[], ${call.at.toISOString()}, ${call.at.toISOString()})
      ON CONFLICT (coalesce(store_id, '00000000-0000-0000-0000-000000000000'::uuid), phone) WHERE status = 'open'
      DO UPDATE SET
        call_ids = CASE WHEN ${call.callId} = ANY(callbacks.call_ids) THEN callbacks.call_ids
                        ELSE callbacks.call_ids || EXCLUDED.call_ids END,
        reason = EXCLUDED.reason,
        kind = CASE WHEN callbacks.kind = 'after_hours' AND EXCLUDED.kind = 'after_hours' THEN 'after_hours' ELSE 'during_hours' END,
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
    return withAttempts(db, await selectViews(db).where(inArray(callbacks.id, ids)));
  },

  async findById(db: Executor, id: string): Promise<CallbackRow | undefined> {
    const rows = await selectViews(db).where(eq(callbacks.id, id));
    return (await withAttempts(db, rows))[0];
  },

  /**
   * The open queue by urgency: the oldest first call first (the customer who waited longest), the
   * cursor its (firstCallAt, id). Closed or all tasks: newest call first, the cursor (lastCallAt, id).
   */
  async list(
    db: Executor,
    opts: {
      status?: CallbackStatus | undefined;
      storeCode?: string | undefined;
      queue?: CallbackQueue | undefined;
      before?: Cursor | undefined;
      limit: number;
    },
  ): Promise<CallbackRow[]> {
    const queue = opts.status === 'open';
    const after = opts.before;
    const keyset = !after
      ? undefined
      : queue
        ? or(gt(callbacks.firstCallAt, after.at), and(eq(callbacks.firstCallAt, after.at), gt(callbacks.id, after.id)))
        : or(lt(callbacks.lastCallAt, after.at), and(eq(callbacks.lastCallAt, after.at), lt(callbacks.id, after.id)));
    const rows = await selectViews(db)
      .where(
        and(
          opts.status ? eq(callbacks.status, opts.status) : undefined,
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
          opts.queue ? eq(callbacks.kind, kindOf(opts.queue)) : undefined,
          keyset,
        ),
      )
      .orderBy(...(queue ? [asc(callbacks.firstCallAt), asc(callbacks.id)] : [desc(callbacks.lastCallAt), desc(callbacks.id)]))
      .limit(opts.limit);
    return withAttempts(db, rows);
  },

  /** Whether this user may own a task of this store: enabled, and an admin or staff of that store. */
  async canOwn(db: Executor, userId: string, storeCode: string | null): Promise<boolean> {
    const [row] = await db
      .select({ role: users.role, storeCode: stores.code, disabledAt: users.disabledAt })
      .from(users)
      .leftJoin(stores, eq(stores.id, users.storeId))
      .where(eq(users.id, userId));
    if (!row || row.disabledAt) return false;
    return row.role === 'admin' || (storeCode !== null && row.storeCode === storeCode);
  },

  /** Staff mark a task done (or open it again) and keep a note. */
  async update(
    db: Executor,
    id: string,
    change: { status?: CallbackStatus | undefined; note?: string | undefined; ownerId?: string | null | undefined; userId: string },
  ): Promise<boolean> {
    const closing = change.status === 'done';
    const reopening = change.status === 'open';
    const rows = await db
      .update(callbacks)
      .set({
        ...(change.note !== undefined ? { note: change.note } : {}),
        ...(change.ownerId !== undefined ? { ownerId: change.ownerId } : {}),
        ...(closing ? { status: 'done' as const, closeReason: 'done' as const, closedAt: sql`now()`, closedBy: change.userId } : {}),
        ...(reopening ? { status: 'open' as const, closeReason: null, closedAt: null, closedBy: null, closedByCallId: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(callbacks.id, id))
      .returning({ id: callbacks.id });
    return rows.length > 0;
  },
};
