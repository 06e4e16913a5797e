import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../server/auth/password';
import { type Db, openDatabase } from '../server/db/client';
import { usersRepository } from '../server/users/repository';
import { openTestDatabase } from '../test/support/database';
import { buildStore } from '../test/support/factories';
import { cti } from '../test/support/run-cli';
import { run as runCli } from './main';

/** Runs `work` on the database the CLI uses, the way a second process would: opened and closed around it. */
type WithDb = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

interface Backend {
  env: NodeJS.ProcessEnv;
  withDb: WithDb;
  close(): Promise<void>;
}

/** The embedded PGlite under DATA_DIR/pglite, in a temporary folder. */
async function pgliteBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-cli-'));
  return {
    // PORT 0: there is no server to look for (the CLI checks the configured port before opening PGlite).
    env: { NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0' },
    withDb: async (work) => {
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    },
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A fresh database on the TEST_DATABASE_URL server, given to the CLI as DATABASE_URL. */
async function postgresBackend(): Promise<Backend> {
  const database = await openTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-cli-'));
  return {
    env: { NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: database.url },
    withDb: (work) => work(database.db),
    close: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const backends: [string, () => Promise<Backend>][] = [['pglite', pgliteBackend]];
if (process.env.TEST_DATABASE_URL) backends.push(['postgres', postgresBackend]);

describe.each(backends)('users and db commands on %s', (kind, open) => {
  let backend: Backend;
  let run: (argv: string[]) => ReturnType<typeof cti>;

  beforeAll(async () => {
    backend = await open();
    run = (argv) => cti(argv, backend.env);
    await backend.withDb((db) => buildStore(db, { code: 'nishifuna', name: '西船橋店' }));
  });
  afterAll(() => backend.close());

  it('db migrate opens the database and says which kind, without credentials', async () => {
    const result = await run(['db', 'migrate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^database: ${kind} \\(.+\\): migrations applied, schema up to date\\n$`));
    expect(result.stdout).not.toContain('@');
  });

  it('adds an admin with a generated password, shown once, that signs in', async () => {
    const result = await run(['users', 'add', '--email', 'Boss@Example.jp', '--name', '管理者 花子', '--role', 'admin']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^created admin boss@example\.jp \(管理者 花子\)\npassword: [A-Za-z0-9_-]{20}\n$/);
    expect(result.stderr).toContain('shown only this once');
    const password = /password: (\S+)/.exec(result.stdout)![1]!;
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'boss@example.jp'));
    expect(row).toMatchObject({ role: 'admin', name: '管理者 花子', storeCode: null, disabledAt: null });
    expect(await verifyPassword(password, row!.passwordHash)).toBe(true);
  });

  it('adds staff to an existing store with the given password, and links their Dialpad user', async () => {
    const result = await run([
      'users', 'add', '--email', 'yamada@example.jp', '--name', '山田 太郎', '--role', 'staff', '--store', 'nishifuna',
      '--password', 'correct horse battery', '--dialpad-user-id', '456',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'created staff yamada@example.jp (山田 太郎), store nishifuna\n' });
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'yamada@example.jp'));
    expect(row).toMatchObject({ storeCode: 'nishifuna', dialpadUserId: '456' });
    expect(await verifyPassword('correct horse battery', row!.passwordHash)).toBe(true);
  });

  it.each([
    [['--role', 'staff', '--store', 'atlantis'], 1, 'cti: no store has the code "atlantis". Known codes: nishifuna'],
    [['--role', 'staff'], 2, 'cti: --store: is required for staff'],
    [['--role', 'staff', '--store', 'nishifuna', '--password', 'short'], 2, 'cti: --password: must be at least 12 characters'],
    [['--role', 'staff', '--store', 'nishifuna', '--password', 'Password1234'], 2, 'cti: --password: is one of the most common passwords'],
    [['--role', 'owner'], 2, "argument 'owner' is invalid"],
  ])('refuses %j', async (args, code, message) => {
    const result = await run(['users', 'add', '--email', 'new@example.jp', '--name', '新人', ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(await backend.withDb((db) => usersRepository.findByEmail(db, 'new@example.jp'))).toBeUndefined();
  });

  it('refuses an invalid or taken email', async () => {
    const bad = await run(['users', 'add', '--email', 'not-an-email', '--name', 'x', '--role', 'admin']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cti: --email: /);
    const taken = await run(['users', 'add', '--email', 'YAMADA@example.jp', '--name', 'x', '--role', 'admin']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('cti: a user with the email yamada@example.jp already exists\n');
  });

  it('refuses a Dialpad user already linked, without printing the query', async () => {
    const result = await run(['users', 'add', '--email', 'other@example.jp', '--name', 'x', '--role', 'admin', '--dialpad-user-id', '456']);
    expect(result).toMatchObject({ code: 1, stderr: 'cti: Dialpad user 456 is already linked to another user\n' });
  });

  it('lists every user as a table or JSON', async () => {
    const table = await run(['users', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STORE\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['boss@example.jp', '管理者 花子', 'admin', '-', 'active'],
      ['yamada@example.jp', '山田 太郎', 'staff', 'nishifuna', 'active'],
    ]);
    const json = await run(['users', 'list', '--json']);
    const users = JSON.parse(json.stdout) as { email: string; disabled: boolean }[];
    expect(users.map((u) => u.email)).toEqual(['boss@example.jp', 'yamada@example.jp']);
    expect(json.stdout).not.toContain('scrypt');
  });

  it('disables a user, once', async () => {
    const first = await run(['users', 'disable', 'Yamada@example.jp']);
    expect(first).toMatchObject({ code: 0, stdout: 'disabled Yamada@example.jp\n' });
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'yamada@example.jp'));
    expect(row!.disabledAt).toBeInstanceOf(Date);
    const again = await run(['users', 'disable', 'yamada@example.jp']);
    expect(again).toMatchObject({ code: 0, stdout: 'yamada@example.jp was already disabled\n' });
    expect((await run(['users', 'list'])).stdout).toMatch(/yamada@example\.jp .* disabled/);
  });

  it('sets a password by the same rule as the API: short and common ones refused, a good one signs in', async () => {
    const short = await run(['users', 'set-password', 'boss@example.jp', '--password', 'short-one']);
    expect(short).toMatchObject({ code: 2, stderr: 'cti: --password: must be at least 12 characters\n' });
    const common = await run(['users', 'set-password', 'boss@example.jp', '--password', 'QWERTY123456']);
    expect(common.code).toBe(2);
    expect(common.stderr).toContain('is one of the most common passwords');
    const before = await backend.withDb((db) => usersRepository.findByEmail(db, 'boss@example.jp'));
    expect(await verifyPassword('QWERTY123456', before!.passwordHash)).toBe(false);

    const set = await run(['users', 'set-password', 'boss@example.jp', '--password', 'a much better passphrase']);
    expect(set).toMatchObject({ code: 0, stdout: 'set the password of boss@example.jp\n' });
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'boss@example.jp'));
    expect(await verifyPassword('a much better passphrase', row!.passwordHash)).toBe(true);
    const generated = await run(['users', 'set-password', 'boss@example.jp']);
    expect(generated.stdout).toMatch(/^set the password of boss@example\.jp\npassword: [A-Za-z0-9_-]{20}\n$/);
    expect((await run(['users', 'set-password', 'nobody@example.jp', '--password', 'a much better passphrase'])).code).toBe(1);
  });

  it('keeps the last active admin, and says who is unknown', async () => {
    const last = await run(['users', 'disable', 'boss@example.jp']);
    expect(last.code).toBe(1);
    expect(last.stderr).toBe('cti: boss@example.jp is the last active admin; make another admin first\n');
    const unknown = await run(['users', 'disable', 'nobody@example.jp']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'cti: no user has the email nobody@example.jp\n' });
  });

  it('reset-password: a generated password shown once, sessions ended, a disabled account left disabled without --enable', async () => {
    const before = await backend.withDb((db) => usersRepository.findByEmail(db, 'yamada@example.jp'));
    expect(before!.disabledAt).toBeInstanceOf(Date);
    const result = await run(['users', 'reset-password', 'yamada@example.jp']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^reset the password of yamada@example\.jp\npassword: [A-Za-z0-9_-]{20}\n$/);
    expect(result.stderr).toContain('sign-in is still refused: run this again with --enable');
    const password = /password: (\S+)/.exec(result.stdout)![1]!;
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'yamada@example.jp'));
    expect(await verifyPassword(password, row!.passwordHash)).toBe(true);
    expect(row!.tokenVersion).toBe(before!.tokenVersion + 1);
    expect(row!.disabledAt).toBeInstanceOf(Date);
  });

  it('reset-password --password-stdin --enable: the piped password, the account re-enabled, nothing printed of it', async () => {
    const piped = (text: string, argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, env: backend.env };
      return runCli(argv, { ...io, stdin: [text] }).then((code) => ({ code, stdout, stderr }));
    };
    const weak = await piped('short\n', ['users', 'reset-password', 'yamada@example.jp', '--password-stdin']);
    expect(weak).toMatchObject({ code: 2, stderr: 'cti: --password-stdin: must be at least 12 characters\n' });
    const empty = await piped('', ['users', 'reset-password', 'yamada@example.jp', '--password-stdin']);
    expect(empty).toMatchObject({ code: 2, stderr: 'cti: --password-stdin: nothing was read from standard input\n' });

    const result = await piped('piped in passphrase 2026\n', ['users', 'reset-password', 'yamada@example.jp', '--password-stdin', '--enable']);
    expect(result).toMatchObject({ code: 0, stdout: 'reset the password of yamada@example.jp and re-enabled the account\n' });
    expect(result.stderr).not.toContain('piped in passphrase');
    const row = await backend.withDb((db) => usersRepository.findByEmail(db, 'yamada@example.jp'));
    expect(row!.disabledAt).toBeNull();
    expect(await verifyPassword('piped in passphrase 2026', row!.passwordHash)).toBe(true);

    const unknown = await piped('piped in passphrase 2026\n', ['users', 'reset-password', 'nobody@example.jp', '--password-stdin']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'cti: no user has the email nobody@example.jp\n' });
  });
});

describe('the embedded database while a server holds it', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cti-cli-'));
    // A live process other than this one owns the folder (the parent of this test worker).
    mkdirSync(join(dataDir, 'pglite'), { recursive: true });
    writeFileSync(join(dataDir, 'pglite', 'cti.lock'), String(process.ppid));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is not opened a second time', async () => {
    const result = await cti(['users', 'list'], { NODE_ENV: 'test', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is in use by process ${process.ppid}; stop it first`);
  });
});
