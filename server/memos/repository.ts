import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { memos, users } from '../db/schema';

export type MemoRow = typeof memos.$inferSelect & { authorName: string | null };

export const memosRepository = {
  /** Pinned first, then newest. */
  async listForCustomer(db: Executor, customerId: string, limit: number): Promise<MemoRow[]> {
    const rows = await db
      .select({ memo: memos, authorName: users.name })
      .from(memos)
      .leftJoin(users, eq(users.id, memos.authorId))
      .where(eq(memos.customerId, customerId))
      .orderBy(desc(memos.pinned), desc(memos.createdAt))
      .limit(limit);
    return rows.map((r) => ({ ...r.memo, authorName: r.authorName }));
  },
};
