import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { CallState, CustomerSummary } from '../../common/calls';
import type { PurposeRef } from '../../common/purposes';
import type { PhoneLabel } from '../../common/customers';
import type { CallViewer } from '../auth/policy';
import type { Executor } from '../db/client';
import type { Cursor } from '../http/cursor';
import { callEvents, callPurposes, calls, customerPhones, customers, stores, users } from '../db/schema';
import type { CallEvent } from './call-event';

export type CallRow = typeof calls.$inferSelect;
/** A call with its store, its purpose and, when it is linked to one, who the customer is (for socket updates). */
export type CallWithStore = CallRow & { storeCode: string | null; storeName: string | null; customer: CustomerSummary | null; purpose: PurposeRef | null };

const withStoreColumns = {
  call: calls,
  storeCode: stores.code,
  storeName: stores.name,
  customerName: customers.name,
  customerNameKana: customers.nameKana,
  customerCaution: customers.caution,
  customerCautionReason: customers.cautionReason,
  customerTags: customers.tags,
  purposeLabel: callPurposes.label,
};

export interface Joined {
  call: CallRow;
  storeCode: string | null;
  storeName: string | null;
  customerName: string | null;
  customerNameKana: string | null;
  customerCaution: boolean | null;
  customerCautionReason: string | null;
  customerTags: string[] | null;
  purposeLabel: string | null;
}

export function flatten(row: Joined): CallWithStore {
  const { call } = row;
  const customer =
    call.customerId !== null && row.customerName !== null
      ? {
          id: call.customerId,
          name: row.customerName,
          nameKana: row.customerNameKana ?? '',
          caution: row.customerCaution ?? false,
          cautionReason: row.customerCautionReason ?? '',
          tags: row.customerTags ?? [],
        }
      : null;
  const purpose = call.purposeId !== null && row.purposeLabel !== null ? { id: call.purposeId, label: row.purposeLabel } : null;
  return { ...call, storeCode: row.storeCode, storeName: row.storeName, customer, purpose };
}

/**
 * The calls a viewer may see, as SQL: the same rule as `can(user, 'calls:read')` (server/auth/policy.ts),
 * checked against it in test/hardening/authorization.test.ts. Null (admins): every call.
 */
function visibleTo(viewer: CallViewer | null | undefined): SQL | undefined {
  if (!viewer) return undefined;
  const { storeCode, dialpadUserId } = viewer;
  const conditions = [
    storeCode !== null ? eq(stores.code, storeCode) : undefined,
    dialpadUserId !== null ? or(eq(calls.agentDialpadId, dialpadUserId), eq(calls.answeredByDialpadId, dialpadUserId)) : undefined,
  ].filter((c) => c !== undefined);
  // No store and no Dialpad user: nothing (an empty OR would be no filter at all).
  return conditions.length > 0 ? or(...conditions) : sql`false`;
}

export const TERMINAL_EVENT_STATES = ['hangup', 'missed', 'voicemail', 'voicemail_uploaded', 'blocked'];

export const callsRepository = {
  /** Records an event unless its dedupe key is recorded already (see dedupe.ts); false for a redelivery. */
  async insertEventOnce(db: Executor, event: CallEvent): Promise<boolean> {
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

  /** Creates the call unless another event created it first; the row when this event created it. */
  async insertCall(db: Executor, values: typeof calls.$inferInsert): Promise<CallRow | undefined> {
    const [row] = await db.insert(calls).values(values).onConflictDoNothing({ target: calls.id }).returning();
    return row;
  },

  /** Reads the call and holds its row until the transaction ends, so events of one call apply one at a time. */
  async lockCall(db: Executor, id: string): Promise<CallWithStore | undefined> {
    const [row] = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .leftJoin(customers, eq(customers.id, calls.customerId))
      .leftJoin(callPurposes, eq(callPurposes.id, calls.purposeId))
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
    const [row] = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .leftJoin(customers, eq(customers.id, calls.customerId))
      .leftJoin(callPurposes, eq(callPurposes.id, calls.purposeId))
      .where(eq(calls.id, id));
    return row && flatten(row);
  },

  /**
   * Says who called: the call's customer, and the caller's number on that customer's phones (after
   * their own) unless they hold it already. Run it in the caller's transaction.
   */
  async linkCustomer(db: Executor, callId: string, customerId: string, phone: { e164: string; label: PhoneLabel } | null): Promise<void> {
    if (phone) {
      const [last] = await db
        .select({ next: sql<number>`coalesce(max(${customerPhones.position}) + 1, 0)::int` })
        .from(customerPhones)
        .where(eq(customerPhones.customerId, customerId));
      await db
        .insert(customerPhones)
        .values({ customerId, e164: phone.e164, label: phone.label, position: last?.next ?? 0 })
        .onConflictDoNothing({ target: [customerPhones.customerId, customerPhones.e164] });
    }
    await db
      .update(calls)
      .set({ customerId, updatedAt: sql`now()` })
      .where(eq(calls.id, callId));
  },

  /** Tags the call with why they called (null clears it); the purpose's existence is the caller's to check. */
  async setPurpose(db: Executor, callId: string, purposeId: string | null): Promise<void> {
    await db
      .update(calls)
      .set({ purposeId, updatedAt: sql`now()` })
      .where(eq(calls.id, callId));
  },

  /** Calls ringing or in progress now, newest first, of those `visibleTo` may see. */
  async listActive(db: Executor, opts: { storeCode?: string | undefined; visibleTo: CallViewer | null; since: Date }): Promise<CallWithStore[]> {
    const rows = await db
      .select(withStoreColumns)
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .leftJoin(customers, eq(customers.id, calls.customerId))
      .leftJoin(callPurposes, eq(callPurposes.id, calls.purposeId))
      .where(
        and(
          inArray(calls.state, ['ringing', 'answered']),
          gte(calls.startedAt, opts.since),
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
          visibleTo(opts.visibleTo),
        ),
      )
      .orderBy(desc(calls.startedAt))
      .limit(100);
    return rows.map(flatten);
  },

  /** Newest first, of those `visibleTo` may see; the cursor is the last row's (startedAt, id). */
  async list(
    db: Executor,
    opts: {
      /** Required, so no list of calls forgets whose it is: null for every call (admins). */
      visibleTo: CallViewer | null;
      storeCode?: string | undefined;
      state?: CallState | undefined;
      customerId?: string | undefined;
      isTest?: boolean | undefined;
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
      .leftJoin(customers, eq(customers.id, calls.customerId))
      .leftJoin(callPurposes, eq(callPurposes.id, calls.purposeId))
      .where(
        and(
          opts.storeCode ? eq(stores.code, opts.storeCode) : undefined,
          visibleTo(opts.visibleTo),
          opts.state ? eq(calls.state, opts.state) : undefined,
          opts.customerId ? eq(calls.customerId, opts.customerId) : undefined,
          opts.isTest !== undefined ? eq(calls.isTest, opts.isTest) : undefined,
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
