import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FAILURE_CODES, IMPORT_PREVIEW_ROWS, type ImportRowPreview } from '../../../common/customers';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { countCustomers, csv, importCsv } from '../../../test/support/csv';
import { buildStore } from '../../../test/support/factories';
import { customers } from '../../db/schema';

/** Issue 13 item 6: the rows a dry run shows (old → new per field), stores named by name or code, a code on every failure. */
describe('CSV import: row previews, stores by name, failure codes', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'nishifuna', name: '西船橋店' });
    await buildStore(t.db, { code: 'kinshicho', name: '錦糸町' });
    // Two stores with one name: a name alone cannot tell them apart.
    await buildStore(t.db, { code: 'honten-a', name: '本店' });
    await buildStore(t.db, { code: 'honten-b', name: '本店' });
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  const header = ['会員番号', '氏名', '電話番号', '担当店舗', '備考', 'タグ'];
  const storeOf = async (externalId: string) =>
    (await t.db.select({ notes: customers.notes, homeStoreId: customers.homeStoreId, id: customers.id }).from(customers).where(eq(customers.externalId, externalId)))[0];

  it('dry run: each created, updated or failed row with its changes, old → new, the store by its name; writes nothing', async () => {
    expect((await importCsv(t, admin, csv([header, ['P-1', '山田 花子', '090-1111-0001', 'nishifuna', '駐車場を使う', 'VIP']]))).body).toMatchObject({ created: 1 });
    const before = await storeOf('P-1');
    const count = await countCustomers(t.db);
    const file = csv([
      header,
      // By name with a 店 the store's name does not have; 備考 appended.
      ['P-1', '山田 花子', '090-1111-0001', '錦糸町店', '雨の日は来ない', 'VIP'],
      // By name without the store's trailing 店, full-width digits in the number.
      ['P-2', '鈴木 一郎', '０８０-２２２２-０００２', '西船橋', '', 'VIP, カラー'],
      ['P-3', '店舗 不明', '090-3333-0003', '船橋', '', ''],
      // The same as row 2 once row 2 is applied: unchanged, left out.
      ['P-1', '山田 花子', '', '錦糸町', '雨の日は来ない', ''],
      // By code, with white space around it.
      ['P-4', '佐藤 次郎', '', ' kinshicho ', '', ''],
    ]);
    const res = await importCsv(t, admin, file, true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, total: 5, created: 2, updated: 1, unchanged: 1, failed: 1, rowsTruncated: false });
    expect(res.body.rows).toHaveLength(4);
    expect(res.body.rows.slice(0, 3)).toEqual<ImportRowPreview[]>([
      {
        row: 2,
        action: 'update',
        customerId: before!.id,
        name: '山田 花子',
        changes: [
          { field: 'homeStore', old: '西船橋店', new: '錦糸町' },
          { field: 'notes', old: '駐車場を使う', new: '駐車場を使う\n雨の日は来ない' },
        ],
      },
      {
        row: 3,
        action: 'create',
        // Not made in a dry run.
        customerId: null,
        name: '鈴木 一郎',
        changes: [
          { field: 'name', old: null, new: '鈴木 一郎' },
          { field: 'phones', old: null, new: '080-2222-0002' },
          { field: 'homeStore', old: null, new: '西船橋店' },
          { field: 'tags', old: null, new: 'VIP, カラー' },
          { field: 'externalId', old: null, new: 'P-2' },
        ],
      },
      { row: 4, action: 'fail', customerId: null, name: '店舗 不明', changes: [] },
    ]);
    expect(res.body.rows[3]).toMatchObject({ row: 6, action: 'create', customerId: null, name: '佐藤 次郎' });
    expect(res.body.rows[3]!.changes).toContainEqual({ field: 'homeStore', old: null, new: '錦糸町' });
    expect(res.body.failures).toEqual([
      { row: 4, field: 'homeStoreCode', column: '担当店舗', code: 'unknown_store', params: { store: '船橋' }, message: 'No store has the code or name "船橋"' },
    ]);
    expect(await countCustomers(t.db)).toBe(count);
    expect(await storeOf('P-1')).toEqual(before);

    // The real run computes the same rows; the new customers' ids are theirs.
    const real = await importCsv(t, admin, file);
    expect(real.body).toMatchObject({ dryRun: false, created: 2, updated: 1, unchanged: 1, failed: 1 });
    expect(real.body.rows.map(({ customerId: _id, ...rest }) => rest)).toEqual(res.body.rows.map(({ customerId: _id, ...rest }) => rest));
    const p2 = await storeOf('P-2');
    expect(real.body.rows[1]!.customerId).toBe(p2!.id);
    const afterP1 = await t.request<{ homeStore: { code: string } | null; notes: string; externalId: string | null }>('GET', `/api/customers/${before!.id}`, admin);
    expect(afterP1.body).toMatchObject({ homeStore: { code: 'kinshicho' }, notes: '駐車場を使う\n雨の日は来ない', externalId: 'P-1' });
    const p4 = await storeOf('P-4');
    expect((await t.request<{ homeStore: { code: string } | null }>('GET', `/api/customers/${p4!.id}`, admin)).body.homeStore).toEqual({ code: 'kinshicho', name: '錦糸町' });
  });

  it('gives every failure a stable code, and the words its translation needs', async () => {
    const file = csv([
      ['会員番号', '氏名', '電話番号', '生年月日', '店舗', '要注意', 'メール', 'タグ'],
      ['', '', '090-4444-0001', '', '', '', '', ''],
      ['', 'あ'.repeat(101), '', '', '', '', '', ''],
      ['', '古い 人', '', '1899/12/31', '', '', '', ''],
      ['', '曖昧 店舗', '', '', '本店', '', '', ''],
      ['', '注意 不明', '', '', '', 'たぶん', '', ''],
      ['', 'タグ 多い', '', '', '', '', '', Array.from({ length: 31 }, (_, i) => `t${i}`).join(',')],
      ['X'.repeat(101), '長い 番号', '', '', '', '', '', ''],
      ['', '電話 変', '12-34', '2000/13/40', '', '', 'a@', ''],
    ]);
    const res = await importCsv(t, admin, file, true);
    expect(res.body).toMatchObject({ total: 8, created: 0, failed: 8 });
    const codes = res.body.failures.map((f) => [f.row, f.field, f.code, f.params]);
    expect(codes).toEqual([
      [2, 'name', 'missing_name', undefined],
      [3, 'name', 'too_long', { max: 100 }],
      [4, 'birthday', 'date_too_early', { value: '1899/12/31' }],
      [5, 'homeStoreCode', 'ambiguous_store', { store: '本店' }],
      [6, 'caution', 'invalid_value', { value: 'たぶん' }],
      [7, 'tags', 'too_many', { max: 30 }],
      [8, 'externalId', 'too_long', { max: 100 }],
      [9, 'birthday', 'invalid_date', { value: '2000/13/40' }],
      [9, 'email', 'invalid_email', { value: 'a@' }],
      [9, 'phones', 'invalid_phone', { value: '12-34' }],
    ]);
    for (const f of res.body.failures) expect(IMPORT_FAILURE_CODES).toContain(f.code);
    expect(res.body.rows.map((r) => [r.row, r.action])).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((row) => [row, 'fail']));
  });

  it('a 会員番号 that another customer has is refused on the row of the customer it was matched to', async () => {
    await importCsv(t, admin, csv([['会員番号', '氏名'], ['Q-1', '一番 目'], ['Q-2', '二番 目']]));
    const q2 = await storeOf('Q-2');
    // The row is 二番 目's (by システムID); Q-1 is someone else's.
    const res = await importCsv(t, admin, csv([['システムID', '会員番号', '氏名'], [q2!.id, 'Q-1', '二番 目']]), true);
    expect(res.body.failures).toEqual([
      { row: 2, field: 'externalId', column: '会員番号', code: 'external_id_taken', params: { value: 'Q-1' }, message: '"Q-1" is the external id of another customer' },
    ]);
    expect(res.body.rows).toEqual([{ row: 2, action: 'fail', customerId: q2!.id, name: '二番 目', changes: [] }]);
  });

  it('a row the database refuses is not_saved, on its own row; the rest of its batch is written', async () => {
    // Something no check foresaw (here a trigger) refuses one customer: the batch is redone row by row.
    await t.db.execute(sql`CREATE FUNCTION refuse_import_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = '拒否 太郎' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await t.db.execute(sql`CREATE TRIGGER refuse_import_test BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION refuse_import_test()`);
    try {
      const before = await countCustomers(t.db);
      const res = await importCsv(t, admin, csv([['氏名'], ['受理 一郎'], ['拒否 太郎'], ['受理 三郎']]));
      expect(res.body).toMatchObject({ created: 2, failed: 1 });
      expect(res.body.failures).toMatchObject([{ row: 3, field: null, code: 'not_saved' }]);
      expect(res.body.failures[0]!.message).toMatch(/^Not saved: /);
      expect(res.body.rows.map((r) => [r.row, r.action, r.name])).toEqual([
        [2, 'create', '受理 一郎'],
        [3, 'fail', '拒否 太郎'],
        [4, 'create', '受理 三郎'],
      ]);
      expect(await countCustomers(t.db)).toBe(before + 2);
    } finally {
      await t.db.execute(sql`DROP TRIGGER refuse_import_test ON customers`);
      await t.db.execute(sql`DROP FUNCTION refuse_import_test()`);
    }
  });

  it('in a dry run a customer the file would create has no id, on its later rows either', async () => {
    const res = await importCsv(t, admin, csv([['会員番号', '氏名', 'タグ'], ['R-1', '新規 一人', 'a'], ['R-1', '新規 一人', 'b']]), true);
    expect(res.body.rows).toEqual([
      { row: 2, action: 'create', customerId: null, name: '新規 一人', changes: [{ field: 'name', old: null, new: '新規 一人' }, { field: 'tags', old: null, new: 'a' }, { field: 'externalId', old: null, new: 'R-1' }] },
      { row: 3, action: 'update', customerId: null, name: '新規 一人', changes: [{ field: 'tags', old: 'a', new: 'a, b' }] },
    ]);
  });

  it(`lists at most ${IMPORT_PREVIEW_ROWS.toLocaleString('en')} rows, in file order, and says it left some out`, { timeout: 60_000 }, async () => {
    const rows = Array.from({ length: IMPORT_PREVIEW_ROWS + 5 }, (_, i) => [`多数 ${i}`]);
    const res = await importCsv(t, admin, csv([['氏名'], ...rows]), true);
    expect(res.body).toMatchObject({ created: IMPORT_PREVIEW_ROWS + 5, rowsTruncated: true });
    expect(res.body.rows).toHaveLength(IMPORT_PREVIEW_ROWS);
    expect(res.body.rows.map((r) => r.row)).toEqual(Array.from({ length: IMPORT_PREVIEW_ROWS }, (_, i) => i + 2));
  });
});
