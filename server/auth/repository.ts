import { eq } from 'drizzle-orm';
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
};

export const sessionRepository = {
  async findUser(db: Executor, id: string) {
    const [row] = await db.select(sessionColumns).from(users).leftJoin(stores, eq(stores.id, users.storeId)).where(eq(users.id, id));
    return row;
  },
};

export type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionRepository.findUser>>>;
