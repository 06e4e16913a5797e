import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../../common/customers';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { csv, importCsv } from '../../../test/support/csv';
import { buildStore } from '../../../test/support/factories';
import { FakeDialpad } from '../../../test/support/fake-dialpad';
import { eventually } from '../../../test/support/processes';
import { ConfigError, loadConfig } from '../../config';
import { contactOutbox, customers } from '../../db/schema';
import { queueContactChanges } from './outbox';

/** What the API's customer changes put in the outbox, in their own transaction; and what the running server sends. */

const rows = (t: TestApp) =>
  t.db
    .select({ customerId: contactOutbox.customerId, op: contactOutbox.op, state: contactOutbox.state, revision: contactOutbox.revision })
    .from(contactOutbox)
    .orderBy(asc(contactOutbox.id));

async function setUp(env: Record<string, string>) {
  const t = await startTestApp(env);
  await buildStore(t.db, { code: 'nishifunabashi', name: '西船橋店' });
  const admin = (await t.signIn({ role: 'admin' })).token;
  const create = async (body: Record<string, unknown>) => {
    const res = await t.request<Customer>('POST', '/api/customers', admin, body);
    expect(res.status).toBe(201);
    return res.body.id;
  };
  return { t, admin, create };
}

describe('with DIALPAD_CONTACTS_SYNC=true, each customer change queues its contact in the same transaction', () => {
  let fake: FakeDialpad;
  let ctx: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    // The worker's first request never gets an answer, so the rows stay as the changes left them.
    fake.stall = true;
    ctx = await setUp({ DIALPAD_CONTACTS_SYNC: 'true', DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
  });
  afterAll(async () => {
    // The fake first: it cuts the stalled request off, so the worker stops at once.
    await fake.close();
    await ctx.t.close();
  });
  beforeEach(async () => {
    await ctx.t.db.delete(contactOutbox);
  });

  it('a create queues an upsert; edits fold into that one pending row, raising its revision', async () => {
    const { t, admin, create } = ctx;
    const id = await create({ name: '山田 花子', phones: ['090-1234-5678'], homeStoreCode: 'nishifunabashi' });
    expect(await rows(t)).toEqual([{ customerId: id, op: 'upsert', state: 'pending', revision: 1 }]);

    expect((await t.request('PATCH', `/api/customers/${id}`, admin, { caution: true, cautionReason: '長電話' })).status).toBe(200);
    expect((await t.request('PATCH', `/api/customers/${id}`, admin, { name: '山田 花' })).status).toBe(200);
    expect(await rows(t)).toEqual([{ customerId: id, op: 'upsert', state: 'pending', revision: 3 }]);
    // 備考 and tags are not on the contact: nothing to send.
    expect((await t.request('PATCH', `/api/customers/${id}`, admin, { notes: 'メモ', tags: ['VIP'] })).status).toBe(200);
    expect(await rows(t)).toEqual([{ customerId: id, op: 'upsert', state: 'pending', revision: 3 }]);
  });

  it('a delete turns the pending row into a delete; a change to no customer queues nothing', async () => {
    const { t, admin, create } = ctx;
    const id = await create({ name: '佐藤 一郎' });
    expect((await t.request('DELETE', `/api/customers/${id}`, admin)).status).toBe(204);
    expect(await rows(t)).toEqual([{ customerId: id, op: 'delete', state: 'pending', revision: 2 }]);

    await t.db.delete(contactOutbox);
    expect((await t.request('PATCH', `/api/customers/${id}`, admin, { name: '誰か' })).status).toBe(404);
    expect((await t.request('DELETE', `/api/customers/${id}`, admin)).status).toBe(404);
    expect(await rows(t)).toEqual([]);
  });

  it('a merge queues a delete for the merged-away customer and an upsert for the one kept', async () => {
    const { t, admin, create } = ctx;
    const target = await create({ name: '鈴木 次郎', phones: ['090-2222-3333'] });
    const source = await create({ name: '鈴木 次郎', phones: ['080-4444-5555'] });
    await t.db.delete(contactOutbox);

    const res = await t.request('POST', `/api/customers/${target}/merge`, admin, { sourceId: source });
    expect(res.status).toBe(200);
    const queued = await rows(t);
    expect(queued).toHaveLength(2);
    expect(queued).toEqual(
      expect.arrayContaining([
        { customerId: source, op: 'delete', state: 'pending', revision: 1 },
        { customerId: target, op: 'upsert', state: 'pending', revision: 1 },
      ]),
    );
  });

  it('a CSV import queues every customer it creates or updates, and a dry run none', async () => {
    const { t, admin, create } = ctx;
    const existing = await create({ name: '佐藤 美咲', phones: ['090-4000-0001'] });
    const unchanged = await create({ name: '中村 健', phones: ['090-4000-0009'] });
    await t.db.delete(contactOutbox);
    const file = csv([
      ['氏名', '携帯電話', '店舗コード'],
      ['佐藤 美咲', '090-4000-0001', 'nishifunabashi'],
      ['新規 一郎', '090-4000-0002', ''],
      ['新規 二郎', '090-4000-0003', ''],
      ['中村 健', '090-4000-0009', ''],
    ]);
    expect((await importCsv(t, admin, file, true)).body).toMatchObject({ created: 2, updated: 1 });
    expect(await rows(t)).toEqual([]);

    const res = await importCsv(t, admin, file);
    expect(res.body).toMatchObject({ created: 2, updated: 1, unchanged: 1 });
    const queued = await rows(t);
    const created = await t.db.select({ id: customers.id }).from(customers).where(inArray(customers.name, ['新規 一郎', '新規 二郎']));
    expect(created).toHaveLength(2);
    expect(queued.map((r) => r.customerId).sort()).toEqual([existing, ...created.map((c) => c.id)].sort());
    expect(queued.every((r) => r.op === 'upsert' && r.state === 'pending')).toBe(true);
    expect(queued.map((r) => r.customerId)).not.toContain(unchanged);
  });

  it('a change that rolls back leaves no row, even after the row was written in it', async () => {
    const { t } = ctx;
    const failing = t.db.transaction(async (tx) => {
      const [row] = await tx.insert(customers).values({ name: '高橋 三郎' }).returning({ id: customers.id });
      await queueContactChanges(tx, true, [{ customerId: row!.id, op: 'upsert' }]);
      expect(await tx.select().from(contactOutbox)).toHaveLength(1);
      // A later statement of the same change fails: NOT NULL.
      await tx.insert(customers).values({ name: null as unknown as string });
    });
    await expect(failing).rejects.toThrow();
    expect(await rows(t)).toEqual([]);
    expect(await t.db.select().from(customers).where(eq(customers.name, '高橋 三郎'))).toEqual([]);
  });
});

describe('the running server sends what was queued', () => {
  let fake: FakeDialpad;
  let ctx: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    ctx = await setUp({ DIALPAD_CONTACTS_SYNC: 'true', DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
  });
  afterAll(async () => {
    await ctx.t.close();
    await fake.close();
  });

  it('pushes a new customer as a shared contact, its edit, then removes it when it is deleted', async () => {
    const { t, admin, create } = ctx;
    const id = await create({ name: '山田　花子', phones: ['090-1234-5678', '047-123-4567'], email: 'hanako@example.jp', homeStoreCode: 'nishifunabashi' });
    await eventually('the contact reaches Dialpad', () => fake.contacts.has(id));
    expect(fake.contacts.get(id)!.body).toEqual({
      uid: id,
      last_name: '山田',
      first_name: '花子',
      phones: ['+819012345678', '+81471234567'],
      emails: ['hanako@example.jp'],
      company_name: '西船橋店',
    });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/api/v2/contacts');
    expect(put.authorization).toBe(`Bearer ${fake.apiKey}`);

    expect((await t.request('PATCH', `/api/customers/${id}`, admin, { caution: true, cautionReason: '長電話' })).status).toBe(200);
    await eventually('the caution label reaches Dialpad', () => fake.contacts.get(id)?.body.company_name === '⚠ 西船橋店');

    const dialpadId = fake.contacts.get(id)!.id;
    expect((await t.request('DELETE', `/api/customers/${id}`, admin)).status).toBe(204);
    await eventually('the contact is deleted', () => !fake.contacts.has(id));
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v2/contacts/${dialpadId}`]);
    await eventually('nothing is left pending', async () => (await rows(t)).every((r) => r.state === 'sent'));
  });

  it('reports the outbox on /metrics, read from the database', async () => {
    const { t } = ctx;
    await t.db.insert(contactOutbox).values([
      { customerId: '00000000-0000-4000-8000-000000000001', op: 'upsert', state: 'failed', lastError: 'HTTP 400' },
    ]);
    const res = await fetch(`${t.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/cti_contact_outbox_rows\{state="failed"\} 1/);
    expect(text).toMatch(/cti_contact_outbox_rows\{state="pending"\} \d+/);
  });
});

describe('with DIALPAD_CONTACTS_SYNC off (the default)', () => {
  let fake: FakeDialpad;
  let ctx: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    // An API key alone (as click-to-call needs) does not turn sync on.
    ctx = await setUp({ DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
  });
  afterAll(async () => {
    await ctx.t.close();
    await fake.close();
  });
  afterEach(() => {
    fake.requests.length = 0;
  });

  it('queues nothing for a create, an edit, a merge or a delete, and sends nothing', async () => {
    const { t, admin, create } = ctx;
    const a = await create({ name: '伊藤 一' });
    const b = await create({ name: '伊藤 一' });
    expect((await t.request('PATCH', `/api/customers/${a}`, admin, { name: '伊藤 はじめ' })).status).toBe(200);
    expect((await t.request('POST', `/api/customers/${a}/merge`, admin, { sourceId: b })).status).toBe(200);
    expect((await t.request('DELETE', `/api/customers/${a}`, admin)).status).toBe(204);
    expect(await rows(t)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe('the setting', () => {
  it('is refused without an API key to send with', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', DIALPAD_CONTACTS_SYNC: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', DIALPAD_CONTACTS_SYNC: 'true' })).toThrow(/DIALPAD_CONTACTS_SYNC: needs DIALPAD_API_KEY/);
    expect(loadConfig({ NODE_ENV: 'test', DIALPAD_CONTACTS_SYNC: 'true', DIALPAD_API_KEY: 'k' }).dialpadContactsSync).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).dialpadContactsSync).toBe(false);
  });
});
