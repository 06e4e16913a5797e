import type { CreateUserBody, UpdateUserBody } from '../../common/users';
import { hashPassword, verifyPassword } from '../auth/password';
import { sessionRepository } from '../auth/repository';
import type { Db, Executor } from '../db/client';
import { isSerializationFailure, isUniqueViolation } from '../db/errors';
import type { users } from '../db/schema';
import { storesRepository } from '../stores/repository';
import { type UserRow, usersRepository } from './repository';

/** Why a user could not be created or changed; each caller words it for its own audience. */
export type UserRuleReason =
  | 'unknown_store'
  | 'staff_needs_store'
  | 'email_taken'
  | 'dialpad_user_taken'
  | 'own_account'
  | 'last_admin'
  | 'concurrent_change';

export class UserRuleError extends Error {
  constructor(
    readonly reason: UserRuleReason,
    message: string,
    /** The input field at fault, when the input (not the state of the data) is wrong. */
    readonly field?: 'storeCode',
  ) {
    super(message);
    this.name = 'UserRuleError';
  }
}

async function storeIdFor(db: Executor, code: string): Promise<string> {
  const store = await storesRepository.findByCode(db, code);
  if (!store) throw new UserRuleError('unknown_store', `no store has the code ${code}`, 'storeCode');
  return store.id;
}

/** Turns the database's unique and serialization failures into errors that say what clashed. */
function explainDbError(err: unknown): unknown {
  if (isUniqueViolation(err, 'users_email_unique')) return new UserRuleError('email_taken', 'A user with this email already exists');
  if (isUniqueViolation(err, 'users_dialpad_user_id_unique')) {
    return new UserRuleError('dialpad_user_taken', 'This Dialpad user id is already linked to another user');
  }
  if (isSerializationFailure(err)) return new UserRuleError('concurrent_change', 'Another change to the administrators happened at the same time; try again');
  return err;
}

async function reload(db: Db, id: string): Promise<UserRow> {
  const user = await usersRepository.findById(db, id);
  // Users are never deleted, so only a broken database loses the row just written.
  if (!user) throw new Error(`user ${id} is gone right after it was written`);
  return user;
}

/** Creates a user (POST /api/users, `cti users add`, the first admin): the store checked, the password hashed. */
export async function createUser(db: Db, body: CreateUserBody): Promise<UserRow> {
  const storeId = body.storeCode ? await storeIdFor(db, body.storeCode) : null;
  const id = await usersRepository
    .insert(db, {
      email: body.email,
      name: body.name,
      role: body.role,
      storeId,
      passwordHash: await hashPassword(body.password),
      dialpadUserId: body.dialpadUserId ?? null,
    })
    .catch((err: unknown) => {
      throw explainDbError(err);
    });
  return reload(db, id);
}

export interface UserChange {
  target: UserRow;
  changes: UpdateUserBody;
  /** Who asks (an admin may not disable themselves); none for the CLI, run by the server's operator. */
  actorId?: string;
}

/**
 * Applies a change to a user, refusing any that would leave no active admin. A new password, role or
 * store, or a disable, ends every earlier sign-in in the same transaction (the token version is
 * bumped); `endsSessions` tells the caller to drop the user's sockets, which joined rooms for the old
 * role and store, on every node.
 */
export async function updateUser(db: Db, { target, changes, actorId }: UserChange): Promise<{ user: UserRow; endsSessions: boolean }> {
  const values: Partial<typeof users.$inferInsert> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.role !== undefined) values.role = changes.role;
  if (changes.storeCode !== undefined) values.storeId = changes.storeCode === null ? null : await storeIdFor(db, changes.storeCode);
  if (changes.password !== undefined) values.passwordHash = await hashPassword(changes.password);
  if (changes.dialpadUserId !== undefined) values.dialpadUserId = changes.dialpadUserId;
  if (changes.disabled !== undefined) values.disabledAt = changes.disabled ? (target.disabledAt ?? new Date()) : null;

  const role = values.role ?? target.role;
  const storeId = values.storeId !== undefined ? values.storeId : target.storeId;
  if (role === 'staff' && !storeId) throw new UserRuleError('staff_needs_store', 'is required for staff', 'storeCode');
  const disabling = target.disabledAt === null && changes.disabled === true;
  if (disabling && target.id === actorId) throw new UserRuleError('own_account', 'You cannot disable your own account');
  const losesAdmin = target.role === 'admin' && target.disabledAt === null && (disabling || role !== 'admin');
  // Compared with what is stored: a form that sends the same role and store back signs nobody out.
  const endsSessions = disabling || role !== target.role || storeId !== target.storeId || values.passwordHash !== undefined;

  await db
    .transaction(
      async (tx) => {
        // The last active admin stays, or nobody could manage users again.
        if (losesAdmin && (await usersRepository.countActiveAdmins(tx)) <= 1) {
          throw new UserRuleError('last_admin', `${target.email} is the last active admin; make another admin first`);
        }
        await usersRepository.update(tx, target.id, values);
        if (endsSessions) await sessionRepository.revokeTokens(tx, target.id);
      },
      // Serializable so two admins removing each other at once cannot both pass the count.
      losesAdmin ? { isolationLevel: 'serializable' } : undefined,
    )
    .catch((err: unknown) => {
      throw explainDbError(err);
    });

  return { user: await reload(db, target.id), endsSessions };
}

/** Why one's own password was not changed. */
export class PasswordChangeError extends Error {
  constructor() {
    super('The current password is wrong');
    this.name = 'PasswordChangeError';
  }
}

/**
 * Changes one's own password after checking the current one, ending every earlier sign-in in the
 * same transaction. Returns the user as now stored, whose token version a fresh token carries.
 */
export async function changeOwnPassword(db: Db, userId: string, currentPassword: string, newPassword: string): Promise<UserRow> {
  const user = await usersRepository.findById(db, userId);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw new PasswordChangeError();
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await usersRepository.update(tx, userId, { passwordHash });
    await sessionRepository.revokeTokens(tx, userId);
  });
  return reload(db, userId);
}

/** Ends every sign-in of the user (POST /api/auth/logout); the caller drops their sockets. */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await sessionRepository.revokeTokens(db, userId);
}
