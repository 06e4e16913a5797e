import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { stores, users } from '../db/schema';

export type UserRow = typeof users.$inferSelect & { storeCode: string | null };

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  storeId: users.storeId,
  passwordHash: users.passwordHash,
  dialpadUserId: users.dialpadUserId,
  disabledAt: users.disabledAt,
  tokenVersion: users.tokenVersion,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  storeCode: stores.code,
};

function withStore(db: Executor) {
  return db.select(columns).from(users).leftJoin(stores, eq(stores.id, users.storeId));
}

export const usersRepository = {
  async findById(db: Executor, id: string): Promise<UserRow | undefined> {
    const [row] = await withStore(db).where(eq(users.id, id));
    return row;
  },

  async findByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    const [row] = await withStore(db).where(eq(users.email, email.toLowerCase()));
    return row;
  },

  async list(db: Executor, opts: { after?: string; limit: number }): Promise<UserRow[]> {
    return withStore(db)
      .where(opts.after ? gt(users.email, opts.after) : undefined)
      .orderBy(asc(users.email))
      .limit(opts.limit);
  },

  async insert(db: Executor, values: typeof users.$inferInsert): Promise<string> {
    const [row] = await db
      .insert(users)
      .values({ ...values, email: values.email.toLowerCase() })
      .returning({ id: users.id });
    return row!.id;
  },

  async update(db: Executor, id: string, values: Partial<typeof users.$inferInsert>): Promise<boolean> {
    const rows = await db
      .update(users)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    return rows.length > 0;
  },

  async countActiveAdmins(db: Executor): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
    return row?.n ?? 0;
  },

  async count(db: Executor): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
    return row?.n ?? 0;
  },
};
