import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, memos, visits } from '../../db/schema';
import { type Reply, startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer } from '../../../test/support/factories';
import type { DuplicateGroup, DuplicateList } from '../../../common/customers';

describe('GET /api/customers/duplicates', () => {
  let t: TestApp;
  let staff: string;
  const ids: Record<string, string> = {};

  const list = (query: Record<string, string> = {}, token: string | null = staff) =>
    t.request<DuplicateList>('GET', `/api/customers/duplicates?${new URLSearchParams(query).toString()}`, token ?? undefined);
  /** Every group, walking the cursor. */
  const all = async (query: Record<string, string> = {}) => {
    const groups: DuplicateGroup[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: Reply<DuplicateList> = await list({ ...query, ...(cursor ? { cursor } : {}) });
      expect(status).toBe(200);
      groups.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor && groups.length < 200);
    return groups;
  };
  const idsOf = (g: DuplicateGroup | undefined) => g?.customers.map((c) => c.id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    staff = (await t.signIn({ role: 'staff' })).token;
    // A household number written two ways, and one person registered twice in differently typed kana.
    ids.taro = (await buildCustomer(t.db, { name: '田中 太郎', nameKana: 'タナカ タロウ', phones: ['03-5555-0001'] })).id;
    ids.jiro = (await buildCustomer(t.db, { name: '田中 次郎', nameKana: 'タナカ ジロウ', phones: ['+81 3 5555 0001', '090-0000-0002'] })).id;
    ids.hanako1 = (await buildCustomer(t.db, { name: '山田 花子', nameKana: 'やまだ はなこ', phones: ['090-1111-0001'] })).id;
    ids.hanako2 = (await buildCustomer(t.db, { name: '山田　花子', nameKana: 'ﾔﾏﾀﾞ ﾊﾅｺ', phones: ['090-1111-0002'] })).id;
    ids.hanako3 = (await buildCustomer(t.db, { name: '山田花子', nameKana: 'ヤマダハナコ' })).id;
    // Near misses: the same name with another reading, the same reading with another name, no reading at all.
    await buildCustomer(t.db, { name: '山田 花子', nameKana: 'ヤマダ カコ', phones: ['090-1111-0003'] });
    await buildCustomer(t.db, { name: '山田 華子', nameKana: 'ヤマダ ハナコ' });
    await buildCustomer(t.db, { name: '佐藤 一郎', nameKana: '' });
    await buildCustomer(t.db, { name: '佐藤 一郎', nameKana: '' });
    await buildCustomer(t.db, { name: '無関係 さん', nameKana: 'ムカンケイ', phones: ['090-9999-9999'] });
  });
  afterAll(() => t.close());

  it('groups customers who share a number, whatever form it was written in', async () => {
    const { status, body } = await list({ reason: 'phone' });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    const [group] = body.items;
    expect(group).toMatchObject({ reason: 'phone', key: '0355550001', total: 2 });
    expect(idsOf(group)).toEqual([ids.taro, ids.jiro].sort());
    expect(group!.customers.find((c) => c.id === ids.jiro)?.phones.map((p) => p.national)).toEqual(['0355550001', '09000000002']);
  });

  it('groups the same name and kana across hiragana, katakana, half- and full-width', async () => {
    const { body } = await list({ reason: 'name' });
    expect(body.items).toHaveLength(1);
    const [group] = body.items;
    expect(group).toMatchObject({ reason: 'name', total: 3 });
    expect(idsOf(group)).toEqual([ids.hanako1, ids.hanako2, ids.hanako3].sort());
    expect(['山田 花子', '山田　花子', '山田花子']).toContain(group!.key);
  });

  it('lists nobody else: other readings, other names, blank kana and unrelated customers stay out', async () => {
    const groups = await all();
    expect(groups.map((g) => g.reason)).toEqual(['phone', 'name']);
    const listed = groups.flatMap((g) => g.customers.map((c) => c.name));
    expect(listed).not.toContain('山田 華子');
    expect(listed).not.toContain('佐藤 一郎');
    expect(listed).not.toContain('無関係 さん');
  });

  it('shows what each customer holds, most recently updated first', async () => {
    await t.db.insert(memos).values([{ customerId: ids.hanako2!, body: 'メモ1' }, { customerId: ids.hanako2!, body: 'メモ2' }]);
    await t.db.insert(visits).values({ customerId: ids.hanako2!, visitedAt: new Date('2026-01-05T10:00:00Z'), amountYen: 5000 });
    await t.db.insert(calls).values({ id: 'dup-call-1', provider: 'test', direction: 'inbound', state: 'ended', customerId: ids.hanako2!, startedAt: new Date() });
    await t.request('PATCH', `/api/customers/${ids.hanako1}`, staff, { notes: '更新' });
    const [group] = (await list({ reason: 'name' })).body.items;
    expect(group!.customers[0]).toMatchObject({ id: ids.hanako1, counts: { memos: 0, visits: 0, calls: 0 } });
    expect(group!.customers.find((c) => c.id === ids.hanako2)).toMatchObject({ counts: { memos: 2, visits: 1, calls: 1 } });
    expect(group!.key).toBe('山田 花子');
    expect(Object.keys(group!.customers[0]!).sort()).toEqual(['caution', 'counts', 'homeStore', 'id', 'name', 'nameKana', 'phones', 'tags', 'updatedAt']);
  });

  it('pages with a cursor, numbers first, every group exactly once', async () => {
    for (let i = 0; i < 4; i++) {
      const phone = `080-2222-${String(1000 + i)}`;
      await buildCustomer(t.db, { name: `頁 電話${i}`, nameKana: `ページ デンワ${i}`, phones: [phone] });
      await buildCustomer(t.db, { name: `頁 電話${i}-2`, nameKana: `ページ デンワ${i} ニ`, phones: [phone] });
      await buildCustomer(t.db, { name: `頁 名前${i}`, nameKana: `ページ ナマエ${i}` });
      await buildCustomer(t.db, { name: `頁 名前${i}`, nameKana: `ぺーじ なまえ${i}` });
    }
    const whole = await all();
    const paged = await all({ limit: '3' });
    expect(paged).toEqual(whole);
    expect(whole).toHaveLength(10);
    expect(whole.map((g) => g.reason)).toEqual([...Array<string>(5).fill('phone'), ...Array<string>(5).fill('name')]);
    expect(new Set(whole.map((g) => `${g.reason}:${g.key}`)).size).toBe(10);
    expect(await all({ reason: 'name', limit: '2' })).toEqual(whole.filter((g) => g.reason === 'name'));
    expect(await all({ reason: 'phone', limit: '1' })).toEqual(whole.filter((g) => g.reason === 'phone'));
  });

  it('lists at most 20 members of a group but counts them all', async () => {
    for (let i = 0; i < 23; i++) await buildCustomer(t.db, { name: `共有 ${i}`, nameKana: `キョウユウ ${i}`, phones: ['0120-000-111'] });
    const group = (await all({ reason: 'phone' })).find((g) => g.key === '0120000111');
    expect(group).toMatchObject({ total: 23 });
    expect(group!.customers).toHaveLength(20);
  });

  it('refuses a cursor it did not give out and a limit over 50, naming the field', async () => {
    const bad = await list({ cursor: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cursor');
    const tooMany = await list({ limit: '51' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('limit');
    expect((await list({ reason: 'email' })).status).toBe(400);
  });

  it('is for signed-in users (staff may read)', async () => {
    expect((await list({}, null)).status).toBe(401);
    expect((await list({}, 'not-a-token')).status).toBe(401);
    expect((await list({}, (await t.signIn({ role: 'admin' })).token)).status).toBe(200);
  });
});
