/** What the users commands do; loaded only when one runs, since the database code is slow to load. */
import { randomBytes } from 'node:crypto';
import { createUserBody, passwordSchema, type User } from '../common/users';
import { loadDatabaseApi } from '../server/cli-api';
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
  const { createUser, presentUser, someStoreCodes, UserRuleError } = await loadDatabaseApi();
  const user = await withDatabase(io, async (db) => {
    const created = await createUser(db, body).catch(async (err: unknown) => {
      if (!(err instanceof UserRuleError)) throw err;
      if (err.reason === 'unknown_store') {
        const known = await someStoreCodes(db, 20);
        throw new CliError(
          `no store has the code "${body.storeCode}". ${known.length ? `Known codes: ${known.join(', ')}` : 'There are no stores yet: create them in the admin screen first.'}`,
        );
      }
      if (err.reason === 'email_taken') throw new CliError(`a user with the email ${body.email} already exists`);
      if (err.reason === 'dialpad_user_taken') throw new CliError(`Dialpad user ${body.dialpadUserId} is already linked to another user`);
      throw new CliError(err.message);
    });
    return presentUser(created);
  });
  line(io.stdout, `created ${describe(user)}`);
  if (generated) {
    line(io.stdout, `password: ${password}`);
    line(io.stderr, 'The password is shown only this once: hand it over safely and have it changed after the first sign-in.');
  }
}

function describe(user: User): string {
  return `${user.role} ${user.email} (${user.name})${user.storeCode ? `, store ${user.storeCode}` : ''}${user.disabled ? ', disabled' : ''}`;
}

export async function listUsers(io: CliIo, json: boolean): Promise<void> {
  const { listUsers: page, presentUser } = await loadDatabaseApi();
  const users = await withDatabase(io, async (db) => {
    const all: User[] = [];
    for (let after: string | undefined; ; ) {
      const rows = await page(db, { after, limit: PAGE });
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
  const { findUserByEmail, updateUser, UserRuleError } = await loadDatabaseApi();
  const outcome = await withDatabase(io, async (db) => {
    const target = await findUserByEmail(db, email);
    if (!target) throw new CliError(`no user has the email ${email}`);
    if (target.disabledAt) return 'already';
    // The API's rules, the last active admin included; no actor: the operator runs this on the server.
    await updateUser(db, { target, changes: { disabled: true } }).catch((err: unknown) => {
      throw err instanceof UserRuleError ? new CliError(err.message) : err;
    });
    return 'disabled';
  });
  if (outcome === 'already') {
    line(io.stdout, `${email} was already disabled`);
    return;
  }
  line(io.stdout, `disabled ${email}`);
  line(io.stderr, 'Sign-in and API calls are refused from now on; a screen left open keeps its live connection until it reloads.');
}

/** `cti users set-password`: the same rule and the same effect as an admin's PATCH (earlier sign-ins end). */
export async function setPassword(io: CliIo, email: string, given: string | undefined): Promise<void> {
  const password = given ?? randomBytes(15).toString('base64url');
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new UsageError(`--password: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { findUserByEmail, updateUser, UserRuleError } = await loadDatabaseApi();
  await withDatabase(io, async (db) => {
    const target = await findUserByEmail(db, email);
    if (!target) throw new CliError(`no user has the email ${email}`);
    await updateUser(db, { target, changes: { password: parsed.data } }).catch((err: unknown) => {
      throw err instanceof UserRuleError ? new CliError(err.message) : err;
    });
  });
  line(io.stdout, `set the password of ${email}`);
  if (given === undefined) {
    line(io.stdout, `password: ${password}`);
    line(io.stderr, 'The password is shown only this once: hand it over safely and have it changed after the first sign-in.');
  }
}

export interface ResetOptions {
  passwordStdin?: boolean;
  enable?: boolean;
}

/** Longer than any password the rule accepts, so a file piped in by mistake is refused, not read whole. */
const STDIN_LIMIT = 4096;

/** One password piped in: everything up to EOF, less one trailing line break. */
async function readPassword(io: CliIo): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  const input: NonNullable<CliIo['stdin']> = io.stdin ?? process.stdin;
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > STDIN_LIMIT) throw new UsageError('--password-stdin: the input is too long for a password');
  }
  text += decoder.decode();
  const password = text.replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new UsageError('--password-stdin: give one line, the password');
  if (password === '') throw new UsageError('--password-stdin: nothing was read from standard input');
  return password;
}

/**
 * `cti users reset-password`: the way back in for someone locked out, an admin above all. The new password ends every
 * earlier sign-in (the token version is bumped), which also lifts the wrong-password lock, since sign-in counts failures
 * per token version; `--enable` also re-enables a disabled account. The password goes to stdout once, never to a log.
 */
export async function resetPassword(io: CliIo, email: string, options: ResetOptions): Promise<void> {
  const given = options.passwordStdin === true ? await readPassword(io) : undefined;
  const password = given ?? randomBytes(15).toString('base64url');
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new UsageError(`--password-stdin: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { findUserByEmail, updateUser, UserRuleError } = await loadDatabaseApi();
  const status = await withDatabase(io, async (db) => {
    const target = await findUserByEmail(db, email);
    if (!target) throw new CliError(`no user has the email ${email}`);
    const enable = options.enable === true && target.disabledAt !== null;
    await updateUser(db, { target, changes: { password: parsed.data, ...(enable ? { disabled: false } : {}) } }).catch((err: unknown) => {
      throw err instanceof UserRuleError ? new CliError(err.message) : err;
    });
    return enable ? 'enabled' : target.disabledAt !== null ? 'still' : 'active';
  });
  line(io.stdout, `reset the password of ${email}${status === 'enabled' ? ' and re-enabled the account' : ''}`);
  if (given === undefined) line(io.stdout, `password: ${password}`);
  line(io.stderr, 'Earlier sign-ins have ended and the wrong-password lock no longer applies; a screen left open keeps its live connection until it reloads.');
  if (status === 'still') line(io.stderr, `${email} is disabled, so sign-in is still refused: run this again with --enable, or re-enable it in the users screen.`);
  if (given === undefined) line(io.stderr, 'The password is shown only this once: hand it over safely and have it changed after the first sign-in (アカウント screen).');
}
