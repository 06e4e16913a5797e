import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerList } from '../../../common/customers';
import { normalizeForSearch } from '../../../common/kana';
import { customers } from '../../db/schema';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer } from '../../../test/support/factories';
import { customersRepository } from '../repository';
import { csv, importCsv } from '../../../test/support/csv';
import { externalIdTerms, parseSearchTerm } from './term';

describe('customer search', () => {
  let t: TestApp;
  let staff: string;
  const ids: Record<string, string> = {};

  const search = (query: Record<string, string>, token = staff) => t.request<CustomerList>('GET', `/api/customers?${new URLSearchParams(query).toString()}`, token);
  const names = async (query: Record<string, string>) => (await search(query)).body.items.map((c) => c.name);

  beforeAll(async () => {
    t = await startTestApp();
    staff = (await t.signIn({ role: 'staff' })).token;
    const create = async (key: string, body: Record<string, unknown>) => {
      const res = await t.request<{ id: string }>('POST', '/api/customers', staff, body);
      if (res.status !== 201) throw new Error(`create ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[key] = res.body.id;
    };
    await create('hanako', { name: '山田 花子', nameKana: 'ヤマダ ハナコ', phones: ['090-1234-5678'] });
    await create('taro', { name: '山田 太郎', nameKana: 'やまだ たろう', phones: ['03-3333-5678'] });
    await create('hiro', { name: '山本 ひろし', nameKana: 'ﾔﾏﾓﾄ ﾋﾛｼ', phones: ['080-9999-0000'] });
    await create('smith', { name: 'ＳＭＩＴＨ ジョン', nameKana: 'スミス・ジョン', phones: ['+1 415 555 2671'] });
    await create('nakayama', { name: '中山 美穂', nameKana: 'ナカヤマ ミホ', phones: ['070-1111-1234'] });
    await create('tarou', { name: 'たろう', nameKana: 'タロウ' });
    await create('tarumaru', { name: '太郎丸 健', nameKana: 'タロウマル ケン' });
    // Two holders of one household phone.
    await create('kazuko', { name: '佐藤 和子', nameKana: 'サトウ カズコ', phones: ['047-111-2222'] });
    await create('kenji', { name: '佐藤 健二', nameKana: 'サトウ ケンジ', phones: ['0471112222', '090-5555-6666'] });
  });
  afterAll(() => t.close());

  it('finds katakana kana from hiragana, hiragana kana from katakana, and half-width kana', async () => {
    expect(await names({ q: 'やまだ' })).toEqual(['山田 太郎', '山田 花子']);
    expect(await names({ q: 'ヤマダ' })).toEqual(['山田 太郎', '山田 花子']);
    expect(await names({ q: 'ﾔﾏﾀﾞ ﾀﾛｳ' })).toEqual(['山田 太郎']);
    expect(await names({ q: 'やまもと' })).toEqual(['山本 ひろし']);
    expect(await names({ q: 'はなこ' })).toEqual(['山田 花子']);
    expect(await names({ q: 'ハナ　コ' })).toEqual(['山田 花子']);
  });

  it('finds names by prefix and substring, ignoring spaces, width and case', async () => {
    expect(await names({ q: '山田' })).toEqual(['山田 太郎', '山田 花子']);
    expect(await names({ q: '田花子' })).toEqual(['山田 花子']);
    expect(await names({ q: 'だはな' })).toEqual(['山田 花子']);
    expect(await names({ q: '山田花子' })).toEqual(['山田 花子']);
    expect(await names({ q: 'smith' })).toEqual(['ＳＭＩＴＨ ジョン']);
    expect(await names({ q: 'すみすじょん' })).toEqual(['ＳＭＩＴＨ ジョン']);
    expect(await names({ q: '50%_\\' })).toEqual([]);
  });

  it('matches a one- or two-character key at the start of any word', async () => {
    expect(await names({ q: '花子' })).toEqual(['山田 花子']);
    expect(await names({ q: 'はな' })).toEqual(['山田 花子']);
    expect(await names({ q: 'ﾐﾎ' })).toEqual(['中山 美穂']);
    expect(await names({ q: '山' })).toEqual(['山田 太郎', '山田 花子', '山本 ひろし']);
    expect(await names({ q: 'S' })).toEqual(['ＳＭＩＴＨ ジョン']);
  });

  it('puts exact and prefix matches before substrings', async () => {
    // たろう is exact for one, the start of 太郎丸's kana, inside 山田 太郎's.
    expect(await names({ q: 'タロウ' })).toEqual(['たろう', '太郎丸 健', '山田 太郎']);
  });

  it('finds phone fragments in any form, the last four digits included', async () => {
    expect(await names({ q: '5678' })).toEqual(['山田 太郎', '山田 花子']);
    expect(await names({ q: '090-1234' })).toEqual(['山田 花子']);
    expect(await names({ q: '０９０１２３４' })).toEqual(['山田 花子']);
    expect(await names({ q: '+81 90 1234' })).toEqual(['山田 花子']);
    expect(await names({ q: '+819012345678' })).toEqual(['山田 花子']);
    expect(await names({ q: '3333-5678' })).toEqual(['山田 太郎']);
    expect(await names({ q: '4155552671' })).toEqual(['ＳＭＩＴＨ ジョン']);
  });

  it('puts the exact number before numbers that merely contain the fragment', async () => {
    // 090-5555-6666 contains 5555; 047-111-2222 is an exact match for the other query.
    expect(await names({ q: '047-111-2222' })).toEqual(['佐藤 和子', '佐藤 健二']);
    expect((await names({ q: '1234' }))[0]).toBe('中山 美穂');
  });

  it('filters by an exact number in any form with ?phone=', async () => {
    expect(await names({ phone: '+81 90-1234-5678' })).toEqual(['山田 花子']);
    expect(await names({ phone: '0471112222' })).toEqual(['佐藤 和子', '佐藤 健二']);
    expect(await names({ phone: '0471112222', q: 'けんじ' })).toEqual(['佐藤 健二']);
    expect(await names({ phone: '09000000000' })).toEqual([]);
    const bad = await search({ phone: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_phone' });
    expect(bad.body.message).toContain('phone');
  });

  it('pages with a cursor, returning every match exactly once', async () => {
    for (let i = 0; i < 23; i++) {
      await buildCustomer(t.db, { name: `頁 ${String(i).padStart(2, '0')}`, nameKana: `ページ ${i}`, phones: [`090-7777-${String(1000 + i)}`] });
    }
    for (const query of [{ q: 'ぺーじ' }, { q: '090-7777' }, {}] as Record<string, string>[]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const { status, body } = await search({ ...query, limit: '5', ...(cursor ? { cursor } : {}) });
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(5);
        seen.push(...body.items.map((c) => c.id));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe('q' in query ? 23 : 23 + Object.keys(ids).length);
    }
  });

  it('lists items without personal details the list does not need', async () => {
    const { body } = await search({ q: '花子' });
    expect(Object.keys(body.items[0]!).sort()).toEqual(['caution', 'homeStore', 'id', 'name', 'nameKana', 'phones', 'tags', 'updatedAt']);
  });

  it('finds a customer by its exact 会員番号 (letters or digits only, any width), first; the customer shows it', async () => {
    const admin = (await t.signIn({ role: 'admin' })).token;
    const file = csv([['会員番号', '氏名', 'フリガナ', '電話番号'], ['M-0001', '会員 一号', 'カイイン イチゴウ', ''], ['20240815', '会員 二号', 'カイイン ニゴウ', '090-2024-0815']]);
    expect((await importCsv(t, admin, file)).body).toMatchObject({ created: 2, failed: 0 });
    expect(await names({ q: 'M-0001' })).toEqual(['会員 一号']);
    expect(await names({ q: ' Ｍ－０００１ ' })).toEqual(['会員 一号']);
    // Exact only: a part of a 会員番号 is not one.
    expect(await names({ q: 'M-000' })).toEqual([]);
    // Digits read as a phone fragment too: the holder of the 会員番号 comes first, then numbers containing them.
    await buildCustomer(t.db, { name: '電話 だけ', nameKana: 'デンワ ダケ', phones: ['03-2024-0815'] });
    expect(await names({ q: '20240815' })).toEqual(['会員 二号', '電話 だけ']);
    // The record shows it; a customer without one shows null.
    const [one] = (await search({ q: 'M-0001' })).body.items;
    const detail = await t.request<{ externalId: string | null }>('GET', `/api/customers/${one!.id}`, staff);
    expect(detail.body.externalId).toBe('M-0001');
    const other = await t.request<{ externalId: string | null }>('GET', `/api/customers/${ids.hanako}`, staff);
    expect(other.body.externalId).toBeNull();
  });

  it('refuses a cursor it did not give out, and a limit over 100', async () => {
    const bad = await search({ q: 'やまだ', cursor: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cursor');
    expect((await search({ limit: '500' })).status).toBe(400);
  });

  it('needs a signed-in user', async () => {
    expect((await t.request('GET', '/api/customers?q=x')).status).toBe(401);
  });

  it('keeps the database search keys equal to normalizeForSearch', async () => {
    const samples = ['ﾔﾏﾀﾞ ﾊﾟﾝ', 'ＡＢＣ　ｄｅｆ', 'ジョン・スミス', 'ｳﾞｨｰ', 'ヽヾヵヶヷ', 'Émile Zola', '髙橋\t一'];
    const made = await Promise.all(samples.map((s) => buildCustomer(t.db, { name: s, nameKana: s })));
    const rows = await t.db
      .select({ name: customers.name, searchName: customers.searchName, searchKana: customers.searchKana, searchText: customers.searchText })
      .from(customers)
      .where(inArray(customers.id, made.map((m) => m.id)));
    expect(rows).toHaveLength(samples.length);
    for (const row of rows) {
      const key = normalizeForSearch(row.name);
      const words = row.name.split(/[\t\n\v\f\r \u3000・･]+/).map(normalizeForSearch).filter(Boolean).join(' ');
      expect(row.searchName).toBe(key);
      expect(row.searchKana).toBe(key);
      expect(row.searchText).toBe(` ${key} ${key} ${words} ${words} `);
    }
  });

  describe('for the call pipeline', () => {
    it('findSummariesByPhone returns every holder of a shared number, most recently updated first', async () => {
      await t.request('PATCH', `/api/customers/${ids.kazuko}`, staff, { caution: true, cautionReason: '折り返し希望', tags: ['VIP'] });
      const holders = await customersRepository.findSummariesByPhone(t.db, '+81471112222');
      expect(holders).toEqual([
        { id: ids.kazuko, name: '佐藤 和子', nameKana: 'サトウ カズコ', caution: true, cautionReason: '折り返し希望', tags: ['VIP'] },
        { id: ids.kenji, name: '佐藤 健二', nameKana: 'サトウ ケンジ', caution: false, cautionReason: '', tags: [] },
      ]);
      expect(await customersRepository.findSummariesByPhone(t.db, '+819000000000')).toEqual([]);
    });

    it('getSummary reads one customer, and nothing for an unknown or malformed id', async () => {
      expect(await customersRepository.getSummary(t.db, ids.hanako!)).toMatchObject({ id: ids.hanako, name: '山田 花子', caution: false });
      expect(await customersRepository.getSummary(t.db, '5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a')).toBeUndefined();
      expect(await customersRepository.getSummary(t.db, 'call-123')).toBeUndefined();
    });
  });
});

describe('externalIdTerms', () => {
  it.each([
    ['M-0001', ['M-0001']],
    [' Ｍ－０００１ ', ['Ｍ－０００１', 'M-0001']],
    ['   ', []],
    [undefined, []],
    ['x'.repeat(101), []],
  ])('%s', (q, expected) => {
    expect(externalIdTerms(q)).toEqual(expected);
  });
});

describe('parseSearchTerm', () => {
  it.each([
    ['5678', { kind: 'phone', digits: '5678', e164: null }],
    ['090-1234', { kind: 'phone', digits: '0901234', e164: null }],
    ['+81 90 1234 5678', { kind: 'phone', digits: '09012345678', e164: '+819012345678' }],
    ['+81 (0)90 1234', { kind: 'phone', digits: '0901234', e164: null }],
    ['０９０ー１２３４', { kind: 'phone', digits: '0901234', e164: null }],
    ['ﾔﾏﾀﾞ', { kind: 'name', key: 'やまだ' }],
    ['山田 2号', { kind: 'name', key: '山田2号' }],
    ['   ', null],
    [undefined, null],
  ])('%s', (q, expected) => {
    expect(parseSearchTerm(q)).toEqual(expected);
  });
});
