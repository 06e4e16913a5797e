import { and, desc, eq, sql } from 'drizzle-orm';
import { isUuid } from '../db/uuid';
import type { Executor } from '../db/client';
import { calls, memos, stores, users } from '../db/schema';
import type { MemoCursor } from './cursor';

export type MemoRow = typeof memos.$inferSelect & {
  authorName: string | null;
  /** createdAt as the database holds it (microseconds, UTC), for the cursor. */
  sortAt: string;
};

const sortAt = sql<string>`to_char(${memos.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectMemos(db: Executor) {
  return db.select({ memo: memos, authorName: users.name, sortAt }).from(memos).leftJoin(users, eq(users.id, memos.authorId));
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

  async findById(db: Executor, customerId: string, memoId: string): Promise<MemoRow | undefined> {
    if (!isUuid(customerId) || !isUuid(memoId)) return undefined;
    const [row] = await selectMemos(db).where(byIds(customerId, memoId));
    return row && flatten(row);
  },

  async create(
    db: Executor,
    values: { customerId: string; body: string; pinned: boolean; callId: string | null; authorId: string },
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

  /** The call a memo is written during, with its store (null when none was resolved); undefined when there is no such call. */
  async findCall(db: Executor, callId: string): Promise<{ storeCode: string | null } | undefined> {
    const [row] = await db.select({ storeCode: stores.code }).from(calls).leftJoin(stores, eq(stores.id, calls.storeId)).where(eq(calls.id, callId));
    return row;
  },

  async delete(db: Executor, customerId: string, memoId: string): Promise<boolean> {
    if (!isUuid(customerId) || !isUuid(memoId)) return false;
    const rows = await db.delete(memos).where(byIds(customerId, memoId)).returning({ id: memos.id });
    return rows.length > 0;
  },
};
