import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { isUuid } from '../db/uuid';
import type { Executor } from '../db/client';
import { calls, memos, stores, users } from '../db/schema';
import type { MemoCursor } from './cursor';

export type MemoRow = typeof memos.$inferSelect & {
  authorName: string | null;
  /** What decides who may see the memo's call (callScope in server/auth/policy.ts); null columns when it has none. */
  callStoreCode: string | null;
  callAgentDialpadId: string | null;
  callAnsweredByDialpadId: string | null;
  /** createdAt as the database holds it (microseconds, UTC), for the cursor. */
  sortAt: string;
};

const sortAt = sql<string>`to_char(${memos.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectMemos(db: Executor) {
  return db
    .select({
      memo: memos,
      authorName: users.name,
      sortAt,
      callStoreCode: stores.code,
      callAgentDialpadId: calls.agentDialpadId,
      callAnsweredByDialpadId: calls.answeredByDialpadId,
    })
    .from(memos)
    .leftJoin(users, eq(users.id, memos.authorId))
    .leftJoin(calls, eq(calls.id, memos.callId))
    .leftJoin(stores, eq(stores.id, calls.storeId));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectMemos>['execute']>>[number];
const flatten = ({ memo, ...rest }: Joined): MemoRow => ({ ...memo, ...rest });

/** Ids come from URLs: a memo id that is not a uuid, or of another customer, is not found. */
const byIds = (customerId: string, memoId: string) => and(eq(memos.id, memoId), eq(memos.customerId, customerId));

export const memosRepository = {
  /** Pinned first, then newest; `after` continues from a previous page. */
  async listForCustomer(db: Executor, customerId: string, limit: number, after?: MemoCursor): Promise<MemoRow[]> {
    const rows = await selectMemos(db)
      .where(
        and(
          eq(memos.customerId, customerId),
          // Row comparison in the ORDER BY's own terms (all descending), so a page starts right after the last.
          after && sql`(${memos.pinned}, ${memos.createdAt}, ${memos.id}) < (${after.pinned}::boolean, ${after.at}::timestamptz, ${after.id}::uuid)`,
        ),
      )
      .orderBy(desc(memos.pinned), desc(memos.createdAt), desc(memos.id))
      .limit(limit);
    return rows.map(flatten);
  },

  /** The memos of a call not yet linked to a customer, newest first. */
  async listForCall(db: Executor, callId: string, limit: number): Promise<MemoRow[]> {
    const rows = await selectMemos(db)
      .where(and(eq(memos.callId, callId), isNull(memos.customerId)))
      .orderBy(desc(memos.createdAt), desc(memos.id))
      .limit(limit);
    return rows.map(flatten);
  },

  async findOnCall(db: Executor, callId: string, memoId: string): Promise<MemoRow | undefined> {
    if (!isUuid(memoId)) return undefined;
    const [row] = await selectMemos(db).where(and(eq(memos.id, memoId), eq(memos.callId, callId)));
    return row && flatten(row);
  },

  /** Gives a call's memos written while the caller was unknown to the customer it is linked to (inside the link's transaction). */
  async attachCallMemos(db: Executor, callId: string, customerId: string): Promise<void> {
    await db
      .update(memos)
      .set({ customerId })
      .where(and(eq(memos.callId, callId), isNull(memos.customerId)));
  },

  async findById(db: Executor, customerId: string, memoId: string): Promise<MemoRow | undefined> {
    if (!isUuid(customerId) || !isUuid(memoId)) return undefined;
    const [row] = await selectMemos(db).where(byIds(customerId, memoId));
    return row && flatten(row);
  },

  async create(
    db: Executor,
    values: { customerId: string | null; body: string; pinned: boolean; callId: string | null; authorId: string },
  ): Promise<string> {
    const [row] = await db.insert(memos).values(values).returning({ id: memos.id });
    return row!.id;
  },

  /** False when the customer has no such memo. */
  async update(db: Executor, customerId: string, memoId: string, change: { body?: string | undefined; pinned?: boolean | undefined }): Promise<boolean> {
    if (!isUuid(customerId) || !isUuid(memoId)) return false;
    const rows = await db
      .update(memos)
      .set({
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
        updatedAt: sql`now()`,
      })
      .where(byIds(customerId, memoId))
      .returning({ id: memos.id });
    return rows.length > 0;
  },

  /** The call a memo is written during, with what decides who may see it (callScope in server/auth/policy.ts); undefined when there is no such call. */
  async findCall(
    db: Executor,
    callId: string,
  ): Promise<{ customerId: string | null; storeCode: string | null; agentDialpadId: string | null; answeredByDialpadId: string | null } | undefined> {
    const [row] = await db
      .select({ customerId: calls.customerId, storeCode: stores.code, agentDialpadId: calls.agentDialpadId, answeredByDialpadId: calls.answeredByDialpadId })
      .from(calls)
      .leftJoin(stores, eq(stores.id, calls.storeId))
      .where(eq(calls.id, callId));
    return row;
  },

  async delete(db: Executor, customerId: string, memoId: string): Promise<boolean> {
    if (!isUuid(customerId) || !isUuid(memoId)) return false;
    const rows = await db.delete(memos).where(byIds(customerId, memoId)).returning({ id: memos.id });
    return rows.length > 0;
  },
};
