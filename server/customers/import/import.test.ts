import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer, buildStore } from '../../../test/support/factories';
import { customers } from '../../db/schema';
import { countCustomers, csv, holdersOf, importCsv, postCsv } from '../../../test/support/csv';

describe('POST /api/customers/import', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await buildStore(t.db, { code: 'nishifuna', name: '西船橋' });
    await buildStore(t.db, { code: 'kasai', name: '葛西' });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store })).token;
  });
  afterAll(() => t.close());

  const externalIdOf = async (id: string) => (await t.db.select({ e: customers.externalId }).from(customers).where(eq(customers.id, id)))[0]?.e;

  it('reads a Shift_JIS file as Excel in Japan writes it: Japanese headers, half-width kana, full-width digits', async () => {
    const file = csv([
      ['会員番号', 'お名前', 'フリガナ', '携帯', '自宅電話', 'メールアドレス', '誕生日', '店舗コード', 'タグ', '要注意', '要注意理由', '備考', 'ポイント'],
      ['M-0001', '髙橋 花子', 'ﾀｶﾊｼ ﾊﾅｺ', '０９０－１１１１－２２２２', '03-3333-4444', 'hanako@example.jp', '1990年1月2日', 'nishifuna', 'VIP、カラー', '○', '① 大声', '駐車場を使う\n雨の日は来ない', '120'],
    ]);
    const bytes = iconv.encode(file, 'cp932');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const res = await importCsv(t, admin, bytes);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, encoding: 'shift_jis', total: 1, created: 1, updated: 0, unchanged: 0, failed: 0, failures: [], unknownHeaders: ['ポイント'] });

    const [c] = await holdersOf(t, staff, '09011112222');
    expect(c).toMatchObject({
      name: '髙橋 花子',
      nameKana: 'タカハシ ハナコ',
      email: 'hanako@example.jp',
      birthday: '1990-01-02',
      homeStore: { code: 'nishifuna', name: '西船橋' },
      tags: ['VIP', 'カラー'],
      caution: true,
      cautionReason: '① 大声',
      notes: '駐車場を使う\n雨の日は来ない',
      createdBy: { id: expect.any(String) as string, name: expect.any(String) as string },
    });
    expect(c!.phones.map((p) => [p.display, p.label])).toEqual([
      ['090-1111-2222', 'mobile'],
      ['03-3333-4444', 'home'],
    ]);
    expect(await externalIdOf(c!.id)).toBe('M-0001');
  });

  it('reads UTF-8 with a BOM and English headers; several numbers in one cell, several phone columns', async () => {
    const file = csv([
      ['name', 'name_kana', 'phone1', 'phone2', 'email', 'birthday', 'home_store', 'tags', 'caution', 'caution_reason', 'notes', 'external_id'],
      ['Suzuki Ichiro', 'すずき いちろう', '090-2222-0001 / 080-2222-0002・070 2222 0003', '0471234567', '', '1985/3/4', 'kasai', 'a, b/c', 'no', '', '', 'E-1'],
    ]);
    const res = await importCsv(t, admin, `\ufeff${file}`);
    expect(res.body).toMatchObject({ encoding: 'utf-8', created: 1, failed: 0, unknownHeaders: [] });
    const [c] = await holdersOf(t, staff, '047-123-4567');
    expect(c).toMatchObject({ name: 'Suzuki Ichiro', nameKana: 'すずき いちろう', birthday: '1985-03-04', tags: ['a', 'b', 'c'], caution: false, email: null });
    expect(c!.phones.map((p) => p.national)).toEqual(['09022220001', '08022220002', '07022220003', '0471234567']);
  });

  const mixed = csv([
    ['氏名', 'フリガナ', '電話番号', 'メール', '生年月日', '店舗コード'],
    ['良い 一郎', 'ヨイ イチロウ', '090-3000-0001', '', '', ''],
    ['悪い 電話', '', '090-12', '', '', ''],
    ['悪い メール', '', '090-3000-0003', 'not-an-email', '', ''],
    ['', '', '', '', '', ''],
    ['未来 生まれ', '', '090-3000-0005', '', '2999-01-01', ''],
    ['無い 店舗', '', '090-3000-0006', '', '', 'shibuya'],
    ['良い 二郎', '', '090-3000-0007', '', '2000/02/29', 'kasai'],
    ['全部 だめ', '', 'abc', 'x@', '1990/02/30', 'nowhere'],
  ]);
  // Every failure has a stable code and the words its translation needs.
  const expectedFailures = [
    { row: 3, field: 'phones', column: '電話番号', message: '"090-12" cannot be a phone number', code: 'invalid_phone', params: { value: '090-12' } },
    { row: 4, field: 'email', column: 'メール', message: 'Not an email address', code: 'invalid_email', params: { value: 'not-an-email' } },
    { row: 6, field: 'birthday', column: '生年月日', message: 'Must not be in the future', code: 'date_in_future', params: { value: '2999-01-01' } },
    { row: 7, field: 'homeStoreCode', column: '店舗コード', message: 'No store has the code or name "shibuya"', code: 'unknown_store', params: { store: 'shibuya' } },
    { row: 9, field: 'birthday', column: '生年月日', message: 'Write a real date as YYYY-MM-DD', code: 'invalid_date', params: { value: '1990/02/30' } },
    { row: 9, field: 'email', column: 'メール', message: 'Not an email address', code: 'invalid_email', params: { value: 'x@' } },
    { row: 9, field: 'phones', column: '電話番号', message: '"abc" cannot be a phone number', code: 'invalid_phone', params: { value: 'abc' } },
    { row: 9, field: 'homeStoreCode', column: '店舗コード', message: 'No store has the code or name "nowhere"', code: 'unknown_store', params: { store: 'nowhere' } },
  ];

  it('dry run: reports every failing row with its Excel row number, field and reason, and writes nothing', async () => {
    const before = await countCustomers(t.db);
    const res = await importCsv(t, admin, mixed, true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, total: 7, created: 2, updated: 0, unchanged: 0, failed: 5 });
    expect(res.body.failures).toEqual(expect.arrayContaining(expectedFailures));
    expect(res.body.failures).toHaveLength(expectedFailures.length);
    expect(await countCustomers(t.db)).toBe(before);
  });

  it('real run: imports the good rows and reports the bad ones as the dry run did; a re-run creates nothing', async () => {
    const before = await countCustomers(t.db);
    const res = await importCsv(t, admin, mixed);
    expect(res.body).toMatchObject({ dryRun: false, total: 7, created: 2, failed: 5 });
    expect(res.body.failures).toHaveLength(expectedFailures.length);
    expect(await countCustomers(t.db)).toBe(before + 2);
    expect((await holdersOf(t, staff, '09030000007'))[0]).toMatchObject({ name: '良い 二郎', birthday: '2000-02-29', homeStore: { code: 'kasai' } });

    const again = await importCsv(t, admin, mixed);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 5 });
    expect(await countCustomers(t.db)).toBe(before + 2);
  });

  it('matches an existing customer by number (same name, any width or script) and updates the fields given', async () => {
    const existing = await buildCustomer(t.db, { name: '佐藤 美咲', nameKana: 'サトウ ミサキ', phones: ['090-4000-0001', '03-4000-0002'] });
    const res = await importCsv(t, admin, csv([['氏名', '携帯電話', 'メール', '備考'], ['佐藤　美咲', '09040000001 / 080-4000-0003', 'misaki@example.jp', '']]));
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    const [c] = await holdersOf(t, staff, '080-4000-0003');
    expect(c).toMatchObject({ id: existing.id, name: '佐藤　美咲', nameKana: 'サトウ ミサキ', email: 'misaki@example.jp', notes: '' });
    // Numbers are added, never removed: the home number still pops this customer up.
    expect(c!.phones.map((p) => p.national)).toEqual(['09040000001', '0340000002', '08040000003']);
  });

  it('a household number with another name is a second customer, not a rename', async () => {
    const husband = await buildCustomer(t.db, { name: '田中 太郎', phones: ['047-500-0001'] });
    const res = await importCsv(t, admin, csv([['氏名', '自宅電話'], ['田中 花子', '047-500-0001'], ['田中 花子', '047-500-0001']]));
    expect(res.body).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
    const holders = await holdersOf(t, staff, '0475000001');
    expect(holders.map((h) => h.name).sort()).toEqual(['田中 太郎', '田中 花子']);
    expect(holders.find((h) => h.id === husband.id)?.name).toBe('田中 太郎');
  });

  it('matches by external id first: a new number and a new name update that customer', async () => {
    const file = (name: string, phone: string) => csv([['顧客ID', '氏名', '電話番号'], ['K-77', name, phone]]);
    expect((await importCsv(t, admin, file('伊藤 健', '090-6000-0001'))).body).toMatchObject({ created: 1 });
    const res = await importCsv(t, admin, file('伊藤 健太', '090-6000-0002'));
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    const [c] = await holdersOf(t, staff, '090-6000-0002');
    expect(c).toMatchObject({ name: '伊藤 健太' });
    expect(c!.phones.map((p) => p.national)).toEqual(['09060000001', '09060000002']);
    expect(await externalIdOf(c!.id)).toBe('K-77');
    expect((await importCsv(t, admin, file('伊藤 健太', '090-6000-0002'))).body).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('refuses a row of a customer merged away (by 顧客ID or システムID) instead of bringing them back', async () => {
    const file = csv([['顧客ID', '氏名', '電話番号'], ['K-88', '木村 拓', '090-6100-0001'], ['K-89', '木村 拓也', '090-6100-0002']]);
    expect((await importCsv(t, admin, file)).body).toMatchObject({ created: 2 });
    const [kept] = await holdersOf(t, staff, '090-6100-0001');
    const [gone] = await holdersOf(t, staff, '090-6100-0002');
    const merged = await t.request('POST', `/api/customers/${kept!.id}/merge`, admin, { sourceId: gone!.id });
    expect(merged.status).toBe(200);
    const before = await countCustomers(t.db);

    const again = await importCsv(t, admin, file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 1 });
    expect(again.body.failures).toMatchObject([{ row: 3, field: 'externalId', code: 'merged_customer', params: { customerId: kept!.id } }]);
    expect(again.body.failures[0]?.message).toContain(`merged into ${kept!.id}`);
    const bySystemId = await importCsv(t, admin, csv([['システムID', '氏名'], [gone!.id, '木村 拓也']]));
    expect(bySystemId.body).toMatchObject({ created: 0, failed: 1, failures: [expect.objectContaining({ field: 'id' })] });
    expect(await countCustomers(t.db)).toBe(before);
    expect(await externalIdOf(kept!.id)).toBe('K-88');
  });

  it('a file naming one person twice creates one customer; the second row adds to the first (tags appended by default)', async () => {
    const res = await importCsv(t, admin, csv([['氏名', '電話番号', 'タグ'], ['中村 翼', '090-7000-0001', 'a'], ['中村 翼', '090-7000-0001', 'b']]));
    expect(res.body).toMatchObject({ created: 1, updated: 1 });
    expect((await holdersOf(t, staff, '09070000001')).map((c) => c.tags)).toEqual([['a', 'b']]);
    const [created, updated] = res.body.rows;
    expect(created).toMatchObject({ row: 2, action: 'create' });
    expect(updated).toEqual({ row: 3, action: 'update', customerId: created!.customerId, name: '中村 翼', changes: [{ field: 'tags', old: 'a', new: 'a, b' }] });
  });

  it('streams NDJSON progress lines, then the result, when asked to', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => [`進捗 ${i}`, `080-8${String(i).padStart(3, '0')}-0000`]);
    const res = await postCsv(t, admin, csv([['氏名', '電話番号'], ...rows]), { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1)).toEqual([0, 500, 1000, 1200].map((done) => ({ type: 'progress', done, total: 1200 })));
    expect(lines.at(-1)).toMatchObject({ type: 'result', total: 1200, created: 1200, failed: 0 });
  });

  it('refuses a file it cannot import at all with 400: no name column, empty, header only, not CSV', async () => {
    const noName = await importCsv(t, admin, csv([['顧客', 'TEL'], ['山田', '090-1234-5678']]));
    expect(noName.status).toBe(400);
    expect(noName.body).toMatchObject({ error: 'validation_failed', message: expect.stringContaining('氏名') as unknown });
    expect(noName.body.message).toContain('Headers found: 顧客, TEL');
    const utf16 = Buffer.from(`\ufeff氏名\t電話番号\r\n山田\t090-1234-5678\r\n`, 'utf16le');
    for (const body of ['', '\ufeff', '\r\n\r\n', csv([['氏名', '電話番号']]), '氏名\n"unclosed', utf16]) {
      const res = await importCsv(t, admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('validation_failed');
    }
  });

  it('accepts the bytes whatever the content type, and refuses staff (403) and strangers (401)', async () => {
    const file = csv([['氏名'], ['種類 不問']]);
    for (const contentType of ['application/octet-stream', 'text/plain; charset=shift_jis', 'application/json']) {
      const res = await postCsv(t, admin, file, { contentType, dryRun: true });
      expect(res.status, contentType).toBe(200);
    }
    expect((await importCsv(t, staff, file)).status).toBe(403);
    expect((await importCsv(t, staff, file)).body.error).toBe('forbidden');
    expect((await importCsv(t, undefined, file)).status).toBe(401);
  });

  it('refuses a body over 20 MB with 413', async () => {
    const res = await importCsv(t, admin, Buffer.alloc(21 * 1024 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });
});
