import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { contactOutbox, customers, workerLeases } from '../../db/schema';
import { openTestDatabase } from '../../../test/support/database';
import { buildCustomer, buildStore, type StoreFixture } from '../../../test/support/factories';
import { FakeDialpad, type RecordedRequest } from '../../../test/support/fake-dialpad';
import { eventually } from '../../../test/support/processes';
import { DialpadContactsClient } from './client';
import { toDialpadContact } from './contact';
import { contactOutboxRepository as outbox } from './repository';
import { ContactWorker, type ContactWorkerOptions } from './worker';

/** The worker against the stand-in for Dialpad, on PGlite or (TEST_DATABASE_URL) the PostgreSQL server. */

let database: Database & { url: string | undefined };
let fake: FakeDialpad;
let store: StoreFixture;
const workers: ContactWorker[] = [];

const db = () => database.db;
const puts = () => fake.requests.filter((r) => r.method === 'PUT');

function worker(options: Partial<ContactWorkerOptions> = {}): ContactWorker {
  const w = new ContactWorker({
    db: db(),
    api: new DialpadContactsClient({ apiKey: fake.apiKey, baseUrl: fake.url }),
    coordination: 'lease',
    idlePollMs: 20,
    backoffBaseMs: 50,
    ...options,
  });
  workers.push(w);
  return w;
}

/** `n` customers of the store, each queued as a create would queue it. */
async function seed(n: number, name = (i: number) => `顧客 ${i}`): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await buildCustomer(db(), { name: name(i), phones: [`090-1000-${String(1000 + i)}`], homeStore: store });
    ids.push(c.id);
  }
  await outbox.enqueue(db(), ids.map((customerId) => ({ customerId, op: 'upsert' as const })));
  return ids;
}

const pendingCount = async () => (await outbox.counts(db())).pending;
const drained = () => eventually('the outbox is empty', async () => (await pendingCount()) === 0, 60_000);

/** Every customer in the database is in the fake exactly as the mapping says, and nothing else is. */
async function expectDialpadMatchesDatabase(): Promise<void> {
  const all = await db().select({ id: customers.id }).from(customers);
  expect([...fake.contacts.keys()].sort()).toEqual(all.map((c) => c.id).sort());
  for (const { id } of all) {
    const source = await outbox.loadSource(db(), id);
    expect(fake.contacts.get(id)!.body).toEqual(toDialpadContact(source!));
  }
}

/** The most requests seen in any window of `ms` ending at a request (the fake's arrival times). */
function busiestWindow(requests: RecordedRequest[], ms: number): number {
  let most = 0;
  for (const r of requests) most = Math.max(most, requests.filter((q) => q.at <= r.at && q.at > r.at - ms).length);
  return most;
}

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  fake = await FakeDialpad.start();
  store = await buildStore(db(), { name: '西船橋店' });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await fake.close();
  await db().delete(contactOutbox);
  await db().delete(workerLeases);
  await db().delete(customers);
});

describe('the contacts worker', () => {
  it('sends each queued customer as it is now, keyed by uid, and marks the row sent only after Dialpad answered', async () => {
    const ids = await seed(3);
    // Changed after it was queued: the worker reads the customer when it sends.
    await db().update(customers).set({ caution: true }).where(eq(customers.id, ids[1]!));
    worker().start();
    await drained();

    await expectDialpadMatchesDatabase();
    expect(fake.contacts.get(ids[1]!)!.body.company_name).toBe('⚠ 西船橋店');
    for (const id of ids) expect(fake.putsByUid.get(id)).toBe(1);
    const rows = await db().select().from(contactOutbox);
    expect(rows.every((r) => r.state === 'sent' && r.sentAt !== null && r.dialpadContactId === fake.contacts.get(r.customerId)!.id)).toBe(true);
  });

  it('deletes a removed customer by the id Dialpad gave its contact, and a never-sent one without a request', async () => {
    const [kept, removed] = await seed(2);
    const w = worker();
    w.start();
    await drained();
    const dialpadId = fake.contacts.get(removed!)!.id;

    await db().delete(customers).where(eq(customers.id, removed!));
    const [never] = await seed(1, () => '未送信 太郎');
    await db().delete(customers).where(eq(customers.id, never!));
    await outbox.enqueue(db(), [{ customerId: removed!, op: 'delete' }, { customerId: never!, op: 'delete' }]);
    await drained();

    expect(fake.contacts.has(removed!)).toBe(false);
    expect(fake.contacts.has(kept!)).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v2/contacts/${dialpadId}`]);
    expect(fake.putsByUid.has(never!)).toBe(false);
  });

  it('does not mark a row sent when the customer changed while it was being sent, and sends the change', async () => {
    const [id] = await seed(1);
    const row = (await outbox.nextDue(db()))!;
    await outbox.enqueue(db(), [{ customerId: id!, op: 'upsert' }]);
    expect(await outbox.markSent(db(), row, 'shared_1')).toBe(false);
    const [after] = await db().select().from(contactOutbox);
    expect(after).toMatchObject({ state: 'pending', revision: 2, dialpadContactId: 'shared_1' });
  });

  it('waits out a 429 for its Retry-After, loses nothing, and sends each contact once', async () => {
    const ids = await seed(4);
    fake.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429, message: 'Rate limit exceeded' } } });
    worker().start();
    await drained();

    const [limited, next] = puts();
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(puts()).toHaveLength(5);
    for (const id of ids) expect(fake.putsByUid.get(id)).toBe(1);
    await expectDialpadMatchesDatabase();
  });

  it('retries 5xx and no answer with back-off, and gives a refused contact up with its error', async () => {
    const ids = await seed(3);
    fake.failNext({ status: 503 }, { status: 502 }, { status: 400, body: { error: { code: 400, message: 'Invalid phone number' } } });
    worker().start();
    await eventually('every row is sent or failed', async () => (await pendingCount()) === 0);

    const status = await outbox.status(db(), 10);
    expect(status.failed).toBe(1);
    expect(status.failures[0]!.lastError).toContain('HTTP 400');
    expect(status.failures[0]!.lastError).toContain('Invalid phone number');
    const failedId = status.failures[0]!.customerId;
    expect(fake.contacts.size).toBe(2);
    for (const id of ids.filter((i) => i !== failedId)) expect(fake.contacts.has(id)).toBe(true);

    // Fixed later: the next change sends it, and its old failure is no longer reported.
    await outbox.enqueue(db(), [{ customerId: failedId, op: 'upsert' }]);
    await drained();
    expect(fake.contacts.has(failedId)).toBe(true);
    expect((await outbox.status(db(), 10)).failed).toBe(0);
  });

  it('gives up after the last attempt when Dialpad keeps failing', async () => {
    await seed(1);
    fake.failNext({ status: 500 }, { status: 500 }, { status: 500 });
    worker({ maxAttempts: 3, backoffBaseMs: 10 }).start();
    await eventually('the row fails', async () => (await outbox.counts(db())).failed === 1);
    const [row] = await db().select().from(contactOutbox);
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row!.lastError).toContain('gave up after 3 attempts');
    expect(puts()).toHaveLength(3);
  });

  it("keeps under Dialpad's 20 a second for the company (counted where Dialpad counts, with it enforcing the limit)", async () => {
    await seed(45);
    worker().start();
    await drained();
    expect(puts()).toHaveLength(45);
    // The fake answers 429 past 20 a second: none means the worker never went over.
    expect(busiestWindow(fake.requests, 1000)).toBeLessThanOrEqual(20);
    // 45 at no more than 20 in any second cannot all go within two seconds (a slow machine only adds to it).
    expect(puts().at(-1)!.at - puts()[0]!.at).toBeGreaterThanOrEqual(2000);
    await expectDialpadMatchesDatabase();
  });

  it('keeps every window it is given, the longer one too (scaled down from 100 a minute)', async () => {
    fake.enforceContactLimits = false;
    await seed(14);
    worker({ limits: [{ limit: 4, windowMs: 300 }, { limit: 6, windowMs: 1500 }], limitMarginMs: 20 }).start();
    await drained();
    expect(puts()).toHaveLength(14);
    expect(busiestWindow(puts(), 300)).toBeLessThanOrEqual(4);
    expect(busiestWindow(puts(), 1500)).toBeLessThanOrEqual(6);
    // 14 at 6 in any 1.5 s: the first 6, 6 more once the window has passed, then 2: at least two windows long.
    expect(puts().at(-1)!.at - puts()[0]!.at).toBeGreaterThanOrEqual(3000);
  });

  it('after a stop mid-queue and a new start, every customer is in Dialpad as in the database, each sent once, nothing pending', async () => {
    const ids = await seed(30);
    const first = worker({ leaseMs: 300 });
    first.start();
    await eventually('some were sent', () => fake.putsByUid.size >= 8);
    // Gone as a crash goes: the lease is left to expire.
    await first.stop({ releaseLease: false });
    const sentBefore = fake.putsByUid.size;
    expect(sentBefore).toBeLessThan(30);
    expect(await pendingCount()).toBe(30 - sentBefore);

    // Changed while no worker ran: sent as it is now.
    await db().update(customers).set({ name: '変更 後' }).where(eq(customers.id, ids[29]!));
    worker({ leaseMs: 300 }).start();
    await drained();

    await expectDialpadMatchesDatabase();
    expect(fake.contacts.get(ids[29]!)!.body).toMatchObject({ last_name: '変更', first_name: '後' });
    for (const id of ids) expect(fake.putsByUid.get(id)).toBe(1);
  });

  it('after a request cut off mid-flight, sends it again: at least once, and still one contact per uid', async () => {
    const ids = await seed(5);
    fake.stall = true;
    const first = worker({ leaseMs: 300 });
    first.start();
    await eventually('the first request is in flight', () => fake.requests.length === 1);
    await first.stop({ abandon: true, releaseLease: false });
    fake.stall = false;
    worker({ leaseMs: 300 }).start();
    await drained();
    await expectDialpadMatchesDatabase();
    expect(fake.contacts.size).toBe(ids.length);
    // The cut-off one went out twice (Dialpad may or may not have applied the first); one contact all the same.
    const firstUid = (fake.requests[0]!.body as { uid: string }).uid;
    expect(puts().filter((r) => (r.body as { uid: string }).uid === firstUid)).toHaveLength(2);
    expect(puts()).toHaveLength(ids.length + 1);
  });

  it('with two nodes on one database, only the lease holder sends: each row exactly once', async () => {
    // A second connection pool on the same PostgreSQL database is a second node; PGlite can only share the one.
    const other = database.url ? await openDatabase({ url: database.url, dataDir: '' }) : undefined;
    try {
      const ids = await seed(30);
      const a = worker({ holder: 'node-a' });
      const b = worker({ holder: 'node-b', db: other?.db ?? db() });
      a.start();
      b.start();
      await drained();
      for (const id of ids) expect(fake.putsByUid.get(id)).toBe(1);
      expect(puts()).toHaveLength(30);
      await expectDialpadMatchesDatabase();

      // The holder leaves cleanly: the other node takes over at once and sends what comes next.
      const [lease] = await db().select().from(workerLeases);
      const holder = lease!.holder === 'node-a' ? a : b;
      await holder.stop();
      const more = await seed(3, (i) => `追加 ${i}`);
      await drained();
      for (const id of more) expect(fake.putsByUid.get(id)).toBe(1);
      const [next] = await db().select().from(workerLeases);
      expect(next!.holder).not.toBe(lease!.holder);
    } finally {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await other?.close();
    }
  });
});
