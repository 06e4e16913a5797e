import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCustomers, csv } from '../test/support/csv';
import { type Db, openDatabase } from '../server/db/client';
import { customers } from '../server/db/schema';
import { openTestDatabase } from '../test/support/database';
import { buildStore } from '../test/support/factories';
import { cti } from '../test/support/run-cli';

interface Backend {
  env: NodeJS.ProcessEnv;
  /** Runs `work` on the CLI's database the way a second process would: opened and closed around it. */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The embedded PGlite under a temporary DATA_DIR, as `cti` opens it on a shop's server. */
async function pgliteBackend(dir: string): Promise<Backend> {
  return {
    // PORT 0: there is no server to look for before opening PGlite.
    env: { NODE_ENV: 'test', DATA_DIR: dir, PORT: '0' },
    withDb: async (work) => {
      const database = await openDatabase({ dataDir: join(dir, 'pglite') });
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    },
    close: async () => undefined,
  };
}

async function postgresBackend(dir: string): Promise<Backend> {
  const database = await openTestDatabase();
  return { env: { NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: database.url }, withDb: (work) => work(database.db), close: () => database.close() };
}

const backends: [string, (dir: string) => Promise<Backend>][] = [['pglite', pgliteBackend]];
if (process.env.TEST_DATABASE_URL) backends.push(['postgres', postgresBackend]);

describe.each(backends)('cti customers import on %s', (_kind, open) => {
  let dir: string;
  let backend: Backend;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const run = (argv: string[]) => cti(['customers', 'import', ...argv], backend.env);

  const mixed = csv([
    ['顧客ID', '氏名', '携帯', '店舗コード', 'ランク'],
    ['A-1', '山田 花子', '090-1000-0001', 'matsudo', 'gold'],
    ['A-2', '電話 おかしい', '12', 'matsudo', ''],
    ['A-3', '店舗 ない', '090-1000-0003', 'shibuya', ''],
  ]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cti-customers-'));
    backend = await open(dir);
    await backend.withDb((db) => buildStore(db, { code: 'matsudo', name: '松戸' }));
  });
  afterAll(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has --help', async () => {
    for (const level of [['customers'], ['customers', 'import']]) {
      const result = await cti([...level, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: cti ${level.join(' ')} `));
    }
  });

  it('--dry-run lists the failing rows, exits 1 and writes nothing', async () => {
    const result = await run([file('mixed.csv', iconv.encode(mixed, 'cp932')), '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'dry run (nothing written): 3 rows read as shift_jis in ' + /in (\d+\.\d) s/.exec(result.stdout)![1] + ' s',
        'created 1, updated 0, unchanged 0, failed 2',
        'ignored columns (unknown headers): ランク',
        'row 3 携帯: "12" cannot be a phone number',
        'row 4 店舗コード: No store has the code or name "shibuya"',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toContain('checked 3 of 3 rows');
    expect(result.stderr).toMatch(/cti: 2 of 3 rows failed\n$/);
    expect(await backend.withDb(countCustomers)).toBe(0);
  });

  it('imports the good rows, reports the bad ones and exits 1; fixed, the file imports with exit 0 and nothing twice', async () => {
    const first = await run([file('mixed.csv', mixed)]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('created 1, updated 0, unchanged 0, failed 2');
    expect(first.stderr).toContain('imported 3 of 3 rows');
    expect(first.stderr).toContain('cti: 2 of 3 rows failed and were not imported; the others were');

    const fixed = file('fixed.csv', mixed.replace('"12"', '"047-111-2222"').replace('"shibuya"', '"matsudo"'));
    const second = await run([fixed]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('created 2, updated 0, unchanged 1, failed 0');
    const third = await run([fixed]);
    expect(third.stdout).toContain('created 0, updated 0, unchanged 3, failed 0');
    const stored = await backend.withDb((db) => db.select({ name: customers.name }).from(customers).where(eq(customers.externalId, 'A-2')));
    expect(stored).toEqual([{ name: '電話 おかしい' }]);
    expect(await backend.withDb(countCustomers)).toBe(3);
  });

  it('--notes and --tags choose what an existing customer\'s 備考 and tags become (append unless told); a store may be named', async () => {
    const path = (notes: string, tags: string) => file('modes.csv', csv([['会員番号', '氏名', '担当店舗', '備考', 'タグ'], ['B-1', '森 一花', '松戸店', notes, tags]]));
    const stored = () =>
      backend.withDb(async (db) => (await db.select({ notes: customers.notes, tags: customers.tags }).from(customers).where(eq(customers.externalId, 'B-1')))[0]);
    expect((await run([path('駐車場を使う', 'VIP')])).stdout).toContain('created 1,');
    expect((await run([path('雨の日は来ない', 'カラー')])).code).toBe(0);
    expect(await stored()).toEqual({ notes: '駐車場を使う\n雨の日は来ない', tags: ['VIP', 'カラー'] });
    expect((await run([path('上書き', 'パーマ'), '--notes', 'keep', '--tags', 'replace'])).code).toBe(0);
    expect(await stored()).toEqual({ notes: '駐車場を使う\n雨の日は来ない', tags: ['パーマ'] });
    expect((await run([path('上書き', 'VIP'), '--notes', 'replace', '--tags', 'keep'])).code).toBe(0);
    expect(await stored()).toEqual({ notes: '上書き', tags: ['パーマ'] });

    const bad = await run([path('x', 'y'), '--notes', 'merge']);
    // A usage error, as every other wrong flag.
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are keep, append, replace');
    expect(await stored()).toEqual({ notes: '上書き', tags: ['パーマ'] });
    const help = await cti(['customers', 'import', '--help']);
    const flat = help.stdout.replace(/\s+/g, ' ');
    for (const flag of ['--notes <mode>', '--tags <mode>']) expect(flat).toMatch(new RegExp(`${flag} .*?\\(choices: "keep", "append", "replace", default: "append"\\)`));
  });

  it('explains a file it cannot read or import at all', async () => {
    const missing = await run([join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`cti: cannot read ${join(dir, 'nope.csv')}: no such file\n`);
    const noName = await run([file('no-name.csv', csv([['TEL'], ['090-1234-5678']]))]);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/^cti: No name column: name the column 氏名 .*Headers found: TEL\n$/);
  });
});
