import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client';
import { scratchDatabase } from '../test/support/database';
import { buildCustomer, buildStore } from '../test/support/factories';
import { FakeDialpad } from '../test/support/fake-dialpad';
import { eventually } from '../test/support/processes';
import { cti } from '../test/support/run-cli';

/** `cti dialpad contacts sync|status` on PGlite, or on the PostgreSQL server with TEST_DATABASE_URL. */

const CUSTOMERS = 40;
const bin = fileURLToPath(new URL('./cti.js', import.meta.url));

let fake: FakeDialpad;
let dataDir: string;
let drop: (() => Promise<void>) | undefined;
let env: NodeJS.ProcessEnv;
const ids: string[] = [];

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite') });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  fake = await FakeDialpad.start();
  dataDir = mkdtempSync(join(tmpdir(), 'cti-contacts-cli-'));
  const server = process.env.TEST_DATABASE_URL;
  const scratch = server ? await scratchDatabase(server, 'cti_contacts_cli') : undefined;
  drop = scratch ? () => scratch.drop() : undefined;
  env = {
    DATA_DIR: dataDir,
    DIALPAD_CONTACTS_SYNC: 'true',
    DIALPAD_API_KEY: fake.apiKey,
    DIALPAD_API_BASE: fake.url,
    LOG_LEVEL: 'silent',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  };
  await withDb(async (db) => {
    const store = await buildStore(db, { name: '西船橋店' });
    for (let i = 0; i < CUSTOMERS; i++) ids.push((await buildCustomer(db, { name: `顧客 ${i}`, phones: [`090-2000-${1000 + i}`], homeStore: store })).id);
  });
});
afterAll(async () => {
  await fake.close();
  await drop?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cti dialpad contacts', () => {
  it('status, before anything was sent, counts the customers never sent', async () => {
    const result = await cti(['dialpad', 'contacts', 'status'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sync on');
    expect(result.stdout).toContain(`never sent: ${CUSTOMERS}`);
    expect(result.stdout).toContain('pending: 0');
    expect(fake.requests).toEqual([]);
  });

  it('sync, killed part way, continues where it stopped on the next run, and every customer ends in Dialpad', async () => {
    const child = spawn(process.execPath, [bin, 'dialpad', 'contacts', 'sync'], {
      env: { ...process.env, TEST_DATABASE_URL: '', DATABASE_URL: '', ...env },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    await eventually('the first run sent some', () => fake.putsByUid.size >= 8, 60_000);
    child.kill('SIGKILL');
    await exited;
    const sentByFirst = fake.putsByUid.size;
    expect(sentByFirst).toBeLessThan(CUSTOMERS);

    const result = await cti(['dialpad', 'contacts', 'sync'], env);
    expect(result.code).toBe(0);
    // Nothing new to queue: the first run queued them all; this one sent what was left.
    expect(result.stderr).toContain('queued 0 customers not yet in Dialpad');
    // What the first run had not marked sent: all it had not sent, plus at most the one Dialpad took as it was killed.
    const left = Number(/; (\d+) to send in all/.exec(result.stderr)?.[1]);
    expect(left).toBeGreaterThanOrEqual(CUSTOMERS - sentByFirst);
    expect(left).toBeLessThanOrEqual(CUSTOMERS - sentByFirst + 1);
    expect(result.stderr).toContain(`${left}/${left} sent`);
    expect(result.stdout).toContain('0 pending');
    expect([...fake.contacts.keys()].sort()).toEqual([...ids].sort());
    // At least once: the request in flight at the kill may go again; never a second contact.
    for (const id of ids) expect(fake.putsByUid.get(id)).toBeLessThanOrEqual(2);
    // A kill lands between a PUT and its mark in the database, and the fake may still be reading a
    // request the killed process wrote (so sentByFirst can be one short): at most two go again.
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBeLessThanOrEqual(CUSTOMERS + 2);
    expect(fake.contacts.get(ids[0]!)!.body).toMatchObject({ last_name: '顧客', first_name: '0', company_name: '西船橋店', phones: ['+819020001000'] });

    const status = await cti(['dialpad', 'contacts', 'status'], env);
    expect(status.stdout).toContain('pending: 0');
    expect(status.stdout).toContain('never sent: 0');
    expect(status.stdout).toMatch(new RegExp(`sent in the last 24 h: ${CUSTOMERS}\\b`));
  }, 120_000);

  it('reports a contact Dialpad refuses: exit 1, and status names it with the error', async () => {
    const added = await withDb(async (db) => buildCustomer(db, { name: '拒否 太郎', phones: ['090-3000-0001'] }));
    fake.failNext({ status: 400, body: { error: { code: 400, message: 'Invalid contact' } } });
    const result = await cti(['dialpad', 'contacts', 'sync'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cti: 1 contact failed: see "cti dialpad contacts status"');

    const status = await cti(['dialpad', 'contacts', 'status'], env);
    expect(status.stdout).toContain('failed: 1');
    expect(status.stdout).toMatch(new RegExp(`${added.id}\\s+upsert\\s+1 attempt\\s.*HTTP 400.*Invalid contact`));
  });

  it('sync refuses to run while DIALPAD_CONTACTS_SYNC is off, so later changes are not silently left behind', async () => {
    const result = await cti(['dialpad', 'contacts', 'sync'], { ...env, DIALPAD_CONTACTS_SYNC: 'false' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DIALPAD_CONTACTS_SYNC is not true');
  });
});
