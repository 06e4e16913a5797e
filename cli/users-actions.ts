/** What the users commands do; loaded only when one runs, since the database code is slow to load. */
import { randomBytes } from 'node:crypto';
import type { User } from '../common/auth';
import { hashPassword } from '../server/auth/password';
import type { Db } from '../server/db/client';
import { storesRepository } from '../server/stores/repository';
import { presentUser } from '../server/users/presenter';
import { usersRepository } from '../server/users/repository';
import { createUserBody } from '../server/users/schema';
import { type CliIo, CliError, line, UsageError } from './context';
import { withDatabase } from './database';

export interface AddOptions {
  email: string;
  name: string;
  role: 'admin' | 'staff';
  store?: string;
  password?: string;
  dialpadUserId?: string;
}

/** The API's field names, as the options that carry them are spelled here. */
const FLAGS: Record<string, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  storeCode: '--store',
  password: '--password',
  dialpadUserId: '--dialpad-user-id',
};

const PAGE = 200;

async function storeIdFor(db: Db, code: string): Promise<string> {
  const store = await storesRepository.findByCode(db, code);
  if (store) return store.id;
  const known = (await storesRepository.list(db, { limit: 20 })).map((s) => s.code);
  throw new CliError(
    `no store has the code "${code}". ${known.length ? `Known codes: ${known.join(', ')}` : 'There are no stores yet: create them in the admin screen first.'}`,
  );
}

export async function addUser(io: CliIo, options: AddOptions): Promise<void> {
  const generated = options.password === undefined;
  const password = options.password ?? randomBytes(15).toString('base64url');
  // The same validation as POST /api/users, so the CLI cannot create a user the API would refuse.
  const parsed = createUserBody.safeParse({
    email: options.email,
    password,
    name: options.name,
    role: options.role,
    storeCode: options.store ?? null,
    dialpadUserId: options.dialpadUserId,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${FLAGS[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`);
    throw new UsageError(problems.join('; '));
  }
  const body = parsed.data;
  const user = await withDatabase(io, async (db) => {
    const storeId = body.storeCode ? await storeIdFor(db, body.storeCode) : null;
    const taken = () => new CliError(`a user with the email ${body.email} already exists`);
    if (await usersRepository.findByEmail(db, body.email)) throw taken();
    const id = await usersRepository
      .insert(db, {
        email: body.email,
        name: body.name,
        role: body.role,
        storeId,
        passwordHash: await hashPassword(body.password),
        dialpadUserId: body.dialpadUserId ?? null,
      })
      .catch(async (err: unknown) => {
        if (violatedConstraint(err) === 'users_dialpad_user_id_unique') {
          throw new CliError(`Dialpad user ${body.dialpadUserId} is already linked to another user`);
        }
        // Someone else created the same email in between; anything else is a real failure.
        throw (await usersRepository.findByEmail(db, body.email)) ? taken() : err;
      });
    return presentUser((await usersRepository.findById(db, id))!);
  });
  line(io.stdout, `created ${describe(user)}`);
  if (generated) {
    line(io.stdout, `password: ${password}`);
    line(io.stderr, 'The password is shown only this once: hand it over safely and have it changed after the first sign-in.');
  }
}

/** The unique constraint a failed insert ran into; the driver's error is under Drizzle's wrapper. */
function violatedConstraint(err: unknown): string | undefined {
  let cause = err;
  for (let i = 0; i < 5 && cause instanceof Error && cause.cause !== undefined; i++) cause = cause.cause;
  const { code, constraint } = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? constraint : undefined;
}

function describe(user: User): string {
  return `${user.role} ${user.email} (${user.name})${user.storeCode ? `, store ${user.storeCode}` : ''}${user.disabled ? ', disabled' : ''}`;
}

export async function listUsers(io: CliIo, json: boolean): Promise<void> {
  const users = await withDatabase(io, async (db) => {
    const all: User[] = [];
    for (let after: string | undefined; ; ) {
      const rows = await usersRepository.list(db, { after, limit: PAGE });
      all.push(...rows.map(presentUser));
      if (rows.length < PAGE) return all;
      after = rows.at(-1)?.email;
    }
  });
  if (json) {
    line(io.stdout, JSON.stringify(users, null, 2));
    return;
  }
  const rows = [['EMAIL', 'NAME', 'ROLE', 'STORE', 'STATUS'], ...users.map((u) => [u.email, u.name, u.role, u.storeCode ?? '-', u.disabled ? 'disabled' : 'active'])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  for (const r of rows) line(io.stdout, r.map((cell, c) => cell + ' '.repeat((widths[c] ?? 0) - width(cell))).join('  ').trimEnd());
}

/** Terminal columns: Japanese names take two per character. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

export async function disableUser(io: CliIo, email: string): Promise<void> {
  const outcome = await withDatabase(io, async (db) => {
    const user = await usersRepository.findByEmail(db, email);
    if (!user) throw new CliError(`no user has the email ${email}`);
    if (user.disabledAt) return 'already';
    await db.transaction(
      async (tx) => {
        // The same rule as the API: the last active admin stays, or nobody could manage users again.
        if (user.role === 'admin' && (await usersRepository.countActiveAdmins(tx)) <= 1) {
          throw new CliError(`${user.email} is the last active admin; make another admin first`);
        }
        await usersRepository.update(tx, user.id, { disabledAt: new Date() });
      },
      // Serializable so two admins disabled at once cannot both pass the count.
      user.role === 'admin' ? { isolationLevel: 'serializable' } : undefined,
    );
    return 'disabled';
  });
  if (outcome === 'already') {
    line(io.stdout, `${email} was already disabled`);
    return;
  }
  line(io.stdout, `disabled ${email}`);
  line(io.stderr, 'Sign-in and API calls are refused from now on; a screen left open keeps its live connection until it reloads.');
}
