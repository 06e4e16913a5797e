import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { stores, users } from '../db/schema';

/** Just what a request's session needs: auth sits below every resource, so it reads users itself. */
const sessionColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  storeId: users.storeId,
  storeCode: stores.code,
  dialpadUserId: users.dialpadUserId,
  disabledAt: users.disabledAt,
  tokenVersion: users.tokenVersion,
};

export const sessionRepository = {
  async findUser(db: Executor, id: string) {
    const [row] = await db.select(sessionColumns).from(users).leftJoin(stores, eq(stores.id, users.storeId)).where(eq(users.id, id));
    return row;
  },

  /** The same rows for many users at once (the sockets' periodic re-check). */
  async findUsers(db: Executor, ids: string[]) {
    if (ids.length === 0) return [];
    return db.select(sessionColumns).from(users).leftJoin(stores, eq(stores.id, users.storeId)).where(inArray(users.id, ids));
  },

  /** Ends every sign-in the user has: tokens carry the version they were issued with. Returns the new version. */
  async revokeTokens(db: Executor, id: string): Promise<number | undefined> {
    const [row] = await db
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning({ tokenVersion: users.tokenVersion });
    return row?.tokenVersion;
  },
};

export type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionRepository.findUser>>>;
