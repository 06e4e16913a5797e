import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerMergeView, MergeResultView } from '../../../common/customers';
import { queryRows } from '../../db/client';
import { callbacks, calls, customerMerges, customerPhones, customers, memos, visits } from '../../db/schema';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer, buildStore, type StoreFixture } from '../../../test/support/factories';
import { combineFields, notesSeparator } from './merge';
import { CUSTOMER_REFERENCES } from './repository';

describe('merging customers', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let staff: string;
  let store: StoreFixture;

  const api = <T = unknown>(method: string, path: string, token: string | null, body?: unknown) => t.request<T>(method, `/api/customers${path}`, token ?? undefined, body);
  const merge = (targetId: string, sourceId: string, token: string | null = admin) =>
    api<MergeResultView>('POST', `/${targetId}/merge`, token, { sourceId });
  const create = async (body: Record<string, unknown>) => {
    const res = await api<Customer>('POST', '/', staff, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const rowsOf = async (customerId: string) => ({
    memos: (await t.db.select({ id: memos.id }).from(memos).where(eq(memos.customerId, customerId))).map((r) => r.id).sort(),
    visits: (await t.db.select({ id: visits.id }).from(visits).where(eq(visits.customerId, customerId))).map((r) => r.id).sort(),
    calls: (await t.db.select({ id: calls.id }).from(calls).where(eq(calls.customerId, customerId))).map((r) => r.id).sort(),
    callbacks: (await t.db.select({ id: callbacks.id }).from(callbacks).where(eq(callbacks.customerId, customerId))).map((r) => r.id).sort(),
    phones: (await t.db.select({ e164: customerPhones.e164 }).from(customerPhones).where(eq(customerPhones.customerId, customerId))).map((r) => r.e164).sort(),
  });
  let callSeq = 0;
  /** Memos, visits and calls (and a call-back) on a customer, as the rest of the product would have left them. */
  const giveHistory = async (customerId: string, n: { memos: number; visits: number; calls: number; callbacks?: number }) => {
    for (let i = 0; i < n.memos; i++) await t.db.insert(memos).values({ customerId, body: `メモ ${i}` });
    for (let i = 0; i < n.visits; i++) await t.db.insert(visits).values({ customerId, visitedAt: new Date(Date.UTC(2026, 0, i + 1)), amountYen: 1000 * i, storeId: store.id });
    for (let i = 0; i < n.calls; i++) {
      await t.db.insert(calls).values({ id: `merge-call-${++callSeq}`, provider: 'test', direction: 'inbound', state: 'ended', customerId, startedAt: new Date() });
    }
    for (let i = 0; i < (n.callbacks ?? 0); i++) {
      await t.db.insert(callbacks).values({ phone: `+8190000${String(++callSeq).padStart(5, '0')}`, customerId, reason: 'missed', callIds: ['x'], firstCallAt: new Date(), lastCallAt: new Date(), storeId: store.id });
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'kasai', name: '葛西' });
    const a = await t.signIn({ role: 'admin', name: '管理者 一郎' });
    admin = a.token;
    adminId = a.id;
    staff = (await t.signIn({ role: 'staff', store })).token;
  });
  afterAll(() => t.close());

  it('moves every memo, visit, call, call-back and phone to the target, fills its blanks, records the merge and deletes the source', async () => {
    const target = await create({ name: '山田 花子', phones: ['090-1234-5678'], tags: ['VIP'], notes: '駐車場を使う' });
    const source = await create({
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      phones: ['09012345678', { number: '03-1111-2222', label: 'home' }],
      email: 'hanako@example.jp',
      birthday: '1990-04-01',
      homeStoreCode: 'kasai',
      tags: ['カラー', 'VIP'],
      caution: true,
      cautionReason: '大声で話す',
      notes: '紹介: 佐藤様',
    });
    await giveHistory(target.id, { memos: 1, visits: 0, calls: 1 });
    await giveHistory(source.id, { memos: 2, visits: 3, calls: 2, callbacks: 1 });
    await t.db.update(customers).set({ externalId: 'CSV-0001' }).where(eq(customers.id, source.id));
    const [targetBefore, sourceBefore] = [await rowsOf(target.id), await rowsOf(source.id)];
    const sourceRecord = (await api<Customer>('GET', `/${source.id}`, staff)).body;

    const res = await merge(target.id, source.id);
    expect(res.status).toBe(200);
    expect(res.body.merge.moved).toEqual({ memos: 2, visits: 3, calls: 2, callbacks: 1, phones: 1, merges: 0 });
    expect(res.body.customer).toMatchObject({
      id: target.id,
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      email: 'hanako@example.jp',
      birthday: '1990-04-01',
      homeStore: { code: 'kasai', name: '葛西' },
      tags: ['VIP', 'カラー'],
      caution: true,
      cautionReason: '大声で話す',
      notes: `駐車場を使う${notesSeparator('山田 花子')}紹介: 佐藤様`,
      updatedBy: { id: adminId, name: '管理者 一郎' },
    });
    expect(res.body.customer.phones.map((p) => [p.national, p.label])).toEqual([['09012345678', 'mobile'], ['0311112222', 'home']]);

    // Nothing is lost: the target now holds everything both had.
    const after = await rowsOf(target.id);
    for (const kind of ['memos', 'visits', 'calls', 'callbacks', 'phones'] as const) {
      expect(after[kind]).toEqual([...new Set([...targetBefore[kind], ...sourceBefore[kind]])].sort());
    }
    expect(await rowsOf(source.id)).toEqual({ memos: [], visits: [], calls: [], callbacks: [], phones: [] });
    expect(await t.db.select().from(customers).where(eq(customers.id, source.id))).toEqual([]);
    expect((await api('GET', `/${source.id}`, staff)).status).toBe(404);

    // The source's id in the CSV it came from goes to the target, so a re-import updates the target.
    const [kept] = await t.db.select({ externalId: customers.externalId }).from(customers).where(eq(customers.id, target.id));
    expect(kept?.externalId).toBe('CSV-0001');

    const [recorded] = await t.db.select().from(customerMerges).where(eq(customerMerges.sourceId, source.id));
    expect(recorded).toMatchObject({ targetId: target.id, mergedBy: adminId, sourceSnapshot: { ...sourceRecord, externalId: 'CSV-0001' } });
    expect(res.body.merge).toMatchObject({
      id: recorded!.id,
      targetId: target.id,
      sourceId: source.id,
      source: { ...sourceRecord, externalId: 'CSV-0001' },
      mergedBy: { id: adminId, name: '管理者 一郎' },
    });

    const history = await api<{ items: CustomerMergeView[]; nextCursor: string | null }>('GET', `/${target.id}/merges`, staff);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ items: [res.body.merge], nextCursor: null });
  });

  it('carries earlier merges into the source over to the target', async () => {
    const first = await create({ name: '鈴木 一郎', phones: ['080-3000-0001'] });
    const second = await create({ name: '鈴木 一郎', phones: ['080-3000-0002'] });
    const third = await create({ name: 'スズキ イチロウ', phones: ['080-3000-0003'] });
    expect((await merge(second.id, first.id)).status).toBe(200);
    const res = await merge(third.id, second.id);
    expect(res.body.merge.moved).toMatchObject({ phones: 2, merges: 1 });
    const history = (await api<{ items: CustomerMergeView[] }>('GET', `/${third.id}/merges?limit=1`, staff)).body;
    expect(history.items.map((m) => m.sourceId)).toEqual([second.id]);
    const all = (await api<{ items: CustomerMergeView[] }>('GET', `/${third.id}/merges`, staff)).body.items;
    expect(all.map((m) => m.sourceId)).toEqual([second.id, first.id]);
    expect(all[1]!.source).toMatchObject({ name: '鈴木 一郎', phones: [{ national: '08030000001' }] });
  });

  it('is for admins only', async () => {
    const a = await buildCustomer(t.db, { name: '権限 確認' });
    const b = await buildCustomer(t.db, { name: '権限 確認' });
    expect((await merge(a.id, b.id, null)).status).toBe(401);
    const forbidden = await merge(a.id, b.id, staff);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: 'forbidden' });
    expect((await api('POST', `/${a.id}/merge`, staff, {})).status).toBe(403);
    expect((await api('GET', `/${a.id}/merges`, null)).status).toBe(401);
    expect(await t.db.select({ id: customers.id }).from(customers).where(eq(customers.id, b.id))).toHaveLength(1);
  });

  it('refuses to merge a customer into itself, however its id is written', async () => {
    const a = await buildCustomer(t.db, { name: '自己 統合', phones: ['090-5000-0001'] });
    await giveHistory(a.id, { memos: 1, visits: 0, calls: 0 });
    for (const sourceId of [a.id, a.id.toUpperCase()]) {
      const res = await merge(a.id, sourceId);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.sourceId' }] });
    }
    expect((await merge(a.id.toUpperCase(), a.id)).status).toBe(400);
    expect(await rowsOf(a.id)).toMatchObject({ memos: [expect.any(String)], phones: ['+819050000001'] });
  });

  it('answers 404 for unknown ids and 400 for a missing sourceId', async () => {
    const a = await buildCustomer(t.db, { name: '存在 確認' });
    const unknown = '5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a';
    const noTarget = await merge(unknown, a.id);
    expect(noTarget.status).toBe(404);
    expect(noTarget.body).toMatchObject({ error: 'not_found', details: [{ field: 'params.id' }] });
    const noSource = await merge(a.id, unknown);
    expect(noSource.status).toBe(404);
    expect(noSource.body.message).toMatch(/may have been merged/);
    expect((await merge(a.id, 'nope')).status).toBe(404);
    expect((await merge('nope', a.id)).status).toBe(404);
    expect((await api('GET', `/${unknown}/merges`, staff)).status).toBe(404);
    const missing = await api('POST', `/${a.id}/merge`, admin, {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('body.sourceId');
  });

  it('answers 404 naming where a source already merged went', async () => {
    const a = await buildCustomer(t.db, { name: '二重 統合' });
    const b = await buildCustomer(t.db, { name: '二重 統合' });
    const c = await buildCustomer(t.db, { name: '二重 統合' });
    expect((await merge(a.id, b.id)).status).toBe(200);
    const again = await merge(c.id, b.id);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: 'not_found', details: [{ field: 'body.sourceId', mergedInto: a.id }] });
    expect(again.body.message).toContain('merged');
    const intoGone = await merge(b.id, c.id);
    expect(intoGone.body).toMatchObject({ error: 'not_found', details: [{ field: 'params.id', mergedInto: a.id }] });
  });

  it('lets only one of two simultaneous merges of the same source through, and duplicates nothing', async () => {
    const target = await buildCustomer(t.db, { name: '同時 統合', phones: ['090-6000-0001'] });
    const other = await buildCustomer(t.db, { name: '同時 統合', phones: ['090-6000-0002'] });
    const source = await buildCustomer(t.db, { name: '同時 統合', phones: ['090-6000-0001', '090-6000-0003'] });
    await giveHistory(source.id, { memos: 3, visits: 2, calls: 2, callbacks: 1 });
    const sourceBefore = await rowsOf(source.id);

    const results = await Promise.all([merge(target.id, source.id), merge(target.id, source.id), merge(other.id, source.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    const winner = results.find((r) => r.status === 200)!.body.customer.id;
    const loser = winner === target.id ? other.id : target.id;
    const won = await rowsOf(winner);
    expect(won.memos).toEqual(sourceBefore.memos);
    expect(won.visits).toEqual(sourceBefore.visits);
    expect(won.calls).toEqual(sourceBefore.calls);
    expect(won.callbacks).toEqual(sourceBefore.callbacks);
    expect((await rowsOf(loser)).memos).toEqual([]);
    expect(await t.db.select().from(customerMerges).where(eq(customerMerges.sourceId, source.id))).toHaveLength(1);
  });

  it('never deadlocks on two customers merged into each other at once', async () => {
    // Several pairs at once, so that on a server the two lock phases really overlap.
    const pairs = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const a = await buildCustomer(t.db, { name: '相互 統合' });
        const b = await buildCustomer(t.db, { name: '相互 統合' });
        await giveHistory(a.id, { memos: 1, visits: 1, calls: 0 });
        await giveHistory(b.id, { memos: 1, visits: 1, calls: 0 });
        return [a.id, b.id] as const;
      }),
    );
    const results = await Promise.all(pairs.map(([a, b]) => Promise.all([merge(a, b), merge(b, a)])));
    for (const pair of results) {
      expect(pair.map((r) => r.status).sort()).toEqual([200, 404]);
      const kept = pair.find((r) => r.status === 200)!.body.customer.id;
      expect((await rowsOf(kept)).memos).toHaveLength(2);
    }
  });

  it('moves every table that points at customers (a new one fails here until the merge moves it)', async () => {
    const references = await queryRows<{ ref: string }>(
      t.db,
      sql`SELECT c.conrelid::regclass::text || '.' || a.attname AS ref
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
          WHERE c.contype = 'f' AND c.confrelid = 'customers'::regclass ORDER BY 1`,
    );
    expect(references.map((r) => r.ref)).toEqual([...CUSTOMER_REFERENCES]);
  });
});

describe('combineFields', () => {
  const blank = { name: '甲', nameKana: '', email: null, birthday: null, homeStoreId: null, tags: [], caution: false, cautionReason: '', notes: '', externalId: null };

  it('keeps what the target has and fills its blanks from the source', () => {
    const target = { ...blank, nameKana: 'コウ', email: 'a@example.jp', tags: ['A'], externalId: 'T-1' };
    const source = { ...blank, name: '乙', nameKana: 'オツ', email: 'b@example.jp', birthday: '1990-01-01', homeStoreId: 'store', tags: ['B', 'A'], externalId: 'S-1' };
    expect(combineFields(target, source)).toEqual({
      nameKana: 'コウ',
      email: 'a@example.jp',
      birthday: '1990-01-01',
      homeStoreId: 'store',
      externalId: 'T-1',
      tags: ['A', 'B'],
      caution: false,
      cautionReason: '',
      notes: '',
    });
  });

  it('appends notes once, and keeps a caution from either side with both reasons', () => {
    expect(combineFields({ ...blank, notes: 'x' }, { ...blank, name: '乙', notes: 'y' }).notes).toBe(`x${notesSeparator('乙')}y`);
    expect(combineFields({ ...blank, notes: 'x' }, { ...blank, notes: 'x' }).notes).toBe('x');
    expect(combineFields(blank, { ...blank, notes: 'y' }).notes).toBe('y');
    const both = combineFields({ ...blank, caution: true, cautionReason: '大声' }, { ...blank, caution: true, cautionReason: '未払い' });
    expect(both).toMatchObject({ caution: true, cautionReason: '大声 / 未払い' });
    expect(combineFields(blank, { ...blank, caution: true, cautionReason: '大声' })).toMatchObject({ caution: true, cautionReason: '大声' });
    expect(combineFields({ ...blank, caution: true, cautionReason: '大声' }, { ...blank, caution: true, cautionReason: '大声' }).cautionReason).toBe('大声');
  });
});
