import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import { calls, memos } from '../db/schema';
import { type Reply, startTestApp, type TestApp } from '../../test/support/app';
import { buildCustomer, buildStore, type CustomerFixture, type StoreFixture } from '../../test/support/factories';
import type { MemoView } from '../../common/memos';

type Page = { items: MemoView[]; nextCursor: string | null };

const UNKNOWN = '5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a';

describe('memos API', () => {
  let t: TestApp;
  let store: StoreFixture;
  let customer: CustomerFixture;
  let admin: string;
  let staff: { id: string; token: string };
  let colleague: { id: string; token: string };

  const call = <T = unknown>(method: string, path: string, token?: string, body?: unknown) => t.request<T>(method, `/api/customers${path}`, token, body);
  const create = (customerId: string, body: Record<string, unknown>, token = staff.token) => call<MemoView>('POST', `/${customerId}/memos`, token, body);
  const memoCount = async (customerId: string) => (await t.db.select().from(memos).where(eq(memos.customerId, customerId))).length;

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'nishifuna', name: '西船橋' });
    customer = await buildCustomer(t.db, { name: '山田 花子', phones: ['090-1234-5678'] });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = await t.signIn({ role: 'staff', store, name: '佐藤 スタッフ' });
    colleague = await t.signIn({ role: 'staff', store, name: '鈴木 スタッフ' });
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('writes the memo as the signed-in user and returns it with 201', async () => {
      const res = await create(customer.id, { body: '  アレルギー: 小麦  ' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ body: 'アレルギー: 小麦', pinned: false, callId: null, author: { id: staff.id, name: '佐藤 スタッフ' } });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      expect(res.body.updatedAt).toBe(res.body.createdAt);
      const [row] = await t.db.select().from(memos).where(eq(memos.id, res.body.id));
      expect(row).toMatchObject({ customerId: customer.id, authorId: staff.id, body: 'アレルギー: 小麦', pinned: false });
    });

    it('links a memo written during a call to that call', async () => {
      await t.db.insert(calls).values({ id: 'memo-call-1', provider: 'test', direction: 'inbound', state: 'answered', storeId: store.id, startedAt: new Date() });
      const res = await create(customer.id, { body: '予約の変更希望', pinned: true, callId: 'memo-call-1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ callId: 'memo-call-1', pinned: true });
      const [row] = await t.db.select().from(memos).where(eq(memos.id, res.body.id));
      expect(row?.callId).toBe('memo-call-1');
    });

    it('refuses a call that does not exist, or one the user may not see, with 400 naming body.callId', async () => {
      const other = await buildStore(t.db);
      await t.db.insert(calls).values({ id: 'memo-call-other', provider: 'test', direction: 'inbound', state: 'ended', storeId: other.id, startedAt: new Date() });
      const before = await memoCount(customer.id);
      for (const callId of ['no-such-call', 'memo-call-other']) {
        const res = await create(customer.id, { body: '書けない', callId });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.callId' }] });
        expect(res.body.message).toContain('body.callId');
      }
      expect(await memoCount(customer.id)).toBe(before);
      // An admin sees every store's calls.
      expect((await create(customer.id, { body: '管理者', callId: 'memo-call-other' }, admin)).status).toBe(201);
    });

    it.each([
      ['an over-long body', { body: 'あ'.repeat(4001) }],
      ['an empty body', { body: '   ' }],
      ['no body', { pinned: true }],
    ])('refuses %s with 400 naming body.body and writes nothing', async (_, body) => {
      const before = await memoCount(customer.id);
      const res = await create(customer.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
      expect(res.body.message).toContain('body.body');
      expect(await memoCount(customer.id)).toBe(before);
    });

    it('accepts a body of exactly 4000 characters', async () => {
      const { id } = await buildCustomer(t.db, { name: '長文 さん' });
      expect((await create(id, { body: 'あ'.repeat(4000) })).status).toBe(201);
    });

    it('answers 404 for an unknown or malformed customer id, and 401 without a token', async () => {
      for (const id of [UNKNOWN, 'nope']) {
        expect((await create(id, { body: 'x' })).status).toBe(404);
        expect((await call('GET', `/${id}/memos`, staff.token)).body).toMatchObject({ error: 'not_found' });
      }
      expect((await create(customer.id, { body: 'x' }, '')).status).toBe(401);
      expect((await call('GET', `/${customer.id}/memos`)).status).toBe(401);
    });
  });

  describe('list', () => {
    it('puts pinned memos first, then the newest, and pages through every memo once', async () => {
      const { id } = await buildCustomer(t.db, { name: '一覧 さん' });
      for (const [body, pinned] of [['古い', false], ['ピン古', true], ['中', false], ['ピン新', true], ['新しい', false]] as const) {
        expect((await create(id, { body, pinned })).status).toBe(201);
      }
      const all = await call<Page>('GET', `/${id}/memos`, staff.token);
      expect(all.body.items.map((m) => m.body)).toEqual(['ピン新', 'ピン古', '新しい', '中', '古い']);
      expect(all.body.nextCursor).toBeNull();

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res: Reply<Page> = await call<Page>('GET', `/${id}/memos?limit=2${query}`, staff.token);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((m) => m.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['ピン新', 'ピン古', '新しい', '中', '古い']);
    });

    it('keeps memos written within one millisecond apart when paging', async () => {
      const { id } = await buildCustomer(t.db, { name: '同時 さん' });
      await t.db.insert(memos).values(
        [1, 2, 3, 4, 5].map((us) => ({ customerId: id, body: `m${us}`, createdAt: sql`${`2026-11-01T00:00:00.00${us}Z`}::timestamptz` })),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res: Reply<Page> = await call<Page>('GET', `/${id}/memos?limit=2${query}`, staff.token);
        seen.push(...res.body.items.map((m) => m.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    });

    it('refuses a cursor it did not give out and a limit over 100', async () => {
      const bad = await call('GET', `/${customer.id}/memos?cursor=garbage`, staff.token);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('cursor');
      expect((await call('GET', `/${customer.id}/memos?limit=101`, staff.token)).status).toBe(400);
    });
  });

  describe('update', () => {
    it('lets anyone pin, but only the author or an admin change the words', async () => {
      const memo = (await create(customer.id, { body: '元の文' })).body;
      const pinned = await call<MemoView>('PATCH', `/${customer.id}/memos/${memo.id}`, colleague.token, { pinned: true });
      expect(pinned.status).toBe(200);
      expect(pinned.body).toMatchObject({ pinned: true, body: '元の文', author: { id: staff.id } });

      const refused = await call('PATCH', `/${customer.id}/memos/${memo.id}`, colleague.token, { body: '書き換え' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'forbidden' });

      const own = await call<MemoView>('PATCH', `/${customer.id}/memos/${memo.id}`, staff.token, { body: '直した文' });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ body: '直した文', pinned: true });
      expect(Date.parse(own.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(memo.updatedAt));
      expect((await call<MemoView>('PATCH', `/${customer.id}/memos/${memo.id}`, admin, { body: '管理者が直した' })).body.body).toBe('管理者が直した');
      const [row] = await t.db.select().from(memos).where(eq(memos.id, memo.id));
      expect(row).toMatchObject({ body: '管理者が直した', pinned: true, authorId: staff.id });
    });

    it('answers 400 for an empty change or an over-long body, 404 for unknown ids', async () => {
      const memo = (await create(customer.id, { body: '対象' })).body;
      expect((await call('PATCH', `/${customer.id}/memos/${memo.id}`, staff.token, {})).status).toBe(400);
      const long = await call('PATCH', `/${customer.id}/memos/${memo.id}`, staff.token, { body: 'x'.repeat(4001) });
      expect(long.status).toBe(400);
      expect(long.body.message).toContain('body.body');
      const other = await buildCustomer(t.db, { name: '別人' });
      for (const path of [`/${customer.id}/memos/${UNKNOWN}`, `/${customer.id}/memos/nope`, `/${other.id}/memos/${memo.id}`, `/${UNKNOWN}/memos/${memo.id}`]) {
        const res = await call('PATCH', path, staff.token, { pinned: true });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: 'not_found' });
      }
      const [row] = await t.db.select().from(memos).where(eq(memos.id, memo.id));
      expect(row?.pinned).toBe(false);
    });
  });

  describe('delete', () => {
    it('lets staff delete their own memos and admins any', async () => {
      const mine = (await create(customer.id, { body: '自分の' })).body;
      const theirs = (await create(customer.id, { body: '同僚の' }, colleague.token)).body;

      const refused = await call('DELETE', `/${customer.id}/memos/${theirs.id}`, staff.token);
      expect(refused.status).toBe(403);
      expect((await call('DELETE', `/${customer.id}/memos/${mine.id}`)).status).toBe(401);

      expect((await call('DELETE', `/${customer.id}/memos/${mine.id}`, staff.token)).status).toBe(204);
      expect((await call('DELETE', `/${customer.id}/memos/${theirs.id}`, admin)).status).toBe(204);
      expect(await t.db.select().from(memos).where(eq(memos.id, mine.id))).toEqual([]);
      expect(await t.db.select().from(memos).where(eq(memos.id, theirs.id))).toEqual([]);
      expect((await call('DELETE', `/${customer.id}/memos/${mine.id}`, admin)).status).toBe(404);
      expect((await call('DELETE', `/${customer.id}/memos/nope`, admin)).status).toBe(404);
    });
  });
});

describe('memo policy', () => {
  const user = (role: 'admin' | 'staff', id = 'u1'): SessionUser => ({ id, email: `${id}@example.jp`, name: id, role, storeId: null, storeCode: 'nishifuna', dialpadUserId: null });

  it.each([
    ['staff, own memo', user('staff'), { authorId: 'u1' }, true],
    ["staff, a colleague's memo", user('staff'), { authorId: 'u2' }, false],
    ['staff, a memo whose author is gone', user('staff'), { authorId: null }, false],
    ['staff, no scope given', user('staff'), {}, false],
    ["admin, anyone's memo", user('admin'), { authorId: 'u2' }, true],
    ['admin, a memo whose author is gone', user('admin'), { authorId: null }, true],
  ] as const)('%s', (_, who, scope, allowed) => {
    expect(can(who, 'memos:edit', scope)).toBe(allowed);
    expect(can(who, 'memos:delete', scope)).toBe(allowed);
  });
});
