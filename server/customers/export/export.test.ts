import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerList } from '../../../common/customers';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildStore } from '../../../test/support/factories';
import { countCustomers, csv, importCsv } from '../../../test/support/csv';

const HEADER = ['氏名', 'フリガナ', '電話番号', 'メール', '生年月日', '店舗コード', 'タグ', '要注意', '要注意理由', '備考', '顧客ID', 'システムID'];

/** What a round trip must keep (ids, authors, times and phone labels are the receiving system's own). */
function essence(c: Customer) {
  return {
    name: c.name,
    nameKana: c.nameKana,
    phones: c.phones.map((p) => p.e164),
    email: c.email,
    birthday: c.birthday,
    homeStore: c.homeStore?.code ?? null,
    tags: c.tags,
    caution: c.caution,
    cautionReason: c.cautionReason,
    notes: c.notes,
  };
}

async function everyone(t: TestApp, token: string): Promise<ReturnType<typeof essence>[]> {
  const all: ReturnType<typeof essence>[] = [];
  let cursor = '';
  do {
    const list = (await t.request<CustomerList>('GET', `/api/customers?limit=100&cursor=${cursor}`, token)).body;
    for (const item of list.items) all.push(essence((await t.request<Customer>('GET', `/api/customers/${item.id}`, token)).body));
    cursor = list.nextCursor ?? '';
  } while (cursor);
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

describe('GET /api/customers/export', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;

  const download = async (query = '', token = admin) => {
    const res = await fetch(`${t.url}/api/customers/export${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const store = await buildStore(t.db, { code: 'kinshicho', name: '錦糸町' });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store })).token;
    const post = (body: Record<string, unknown>) => t.request('POST', '/api/customers', staff, body);
    await post({
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      phones: ['090-1234-5678', { number: '03-1234-5678', label: 'home' }],
      email: 'hanako@example.jp',
      birthday: '1990-04-01',
      homeStoreCode: 'kinshicho',
      tags: ['VIP', 'カラー'],
      caution: true,
      cautionReason: '大声, "強め"',
      notes: '駐車場を使う\n雨の日は来ない',
    });
    // Cells Excel would run as formulas, and a number from abroad (which starts with "+").
    await post({ name: '=HYPERLINK("x")', phones: ['+44 20 7946 0958'], notes: '-5% 割引' });
    // Their full-width forms, which Excel in Japan runs as formulas too.
    await post({ name: '＝HYPERLINK("http://example.com","開く")', caution: true, cautionReason: '－5%', notes: '＠home' });
    await post({ name: '佐藤 一郎' });
    // An external id comes from an import.
    await importCsv(t, admin, csv([['会員番号', '氏名', '電話番号'], ['M-9', '鈴木 次郎', '080-9999-0000']]));
  });
  afterAll(() => t.close());

  it('writes UTF-8 with a BOM, the Japanese headers and display-form numbers, as an attachment', async () => {
    const { res, bytes } = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{8}\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { bom: true });
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r[0] === '山田 花子')).toEqual([
      '山田 花子',
      'ヤマダ ハナコ',
      '090-1234-5678 / 03-1234-5678',
      'hanako@example.jp',
      '1990-04-01',
      'kinshicho',
      'VIP, カラー',
      'はい',
      '大声, "強め"',
      '駐車場を使う\n雨の日は来ない',
      '',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    expect(rows.find((r) => r[0] === '鈴木 次郎')?.[10]).toBe('M-9');
    // Prefixed so Excel shows them as text instead of running them.
    expect(rows.find((r) => r[0]!.includes('=HYPERLINK'))?.slice(0, 3)).toEqual(["'=HYPERLINK(\"x\")", '', "'+44 20 7946 0958"]);
    const fullWidth = rows.find((r) => r[0]!.includes('＝HYPERLINK'));
    expect([fullWidth?.[0], fullWidth?.[8], fullWidth?.[9]]).toEqual(["'＝HYPERLINK(\"http://example.com\",\"開く\")", "'－5%", "'＠home"]);
  });

  it('writes Shift_JIS (CP932) when asked', async () => {
    const { res, bytes } = await download('?encoding=shift_jis');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'cp932');
    expect(text.startsWith('"氏名","フリガナ","電話番号"')).toBe(true);
    expect(text).toContain('"山田 花子","ヤマダ ハナコ","090-1234-5678 / 03-1234-5678"');
    expect((await download('?encoding=latin1')).res.status).toBe(400);
  });

  it('round trip: the export imports into an empty system as the same customers', { timeout: 120_000 }, async () => {
    const before = await everyone(t, admin);
    const { bytes } = await download();
    const other = await startTestApp();
    try {
      await buildStore(other.db, { code: 'kinshicho', name: '錦糸町' });
      const otherAdmin = (await other.signIn({ role: 'admin' })).token;
      const imported = await importCsv(other, otherAdmin, bytes);
      expect(imported.body).toMatchObject({ total: 5, created: 5, failed: 0, unknownHeaders: [] });
      expect(await everyone(other, otherAdmin)).toEqual(before);
    } finally {
      await other.close();
    }
  });

  it('round trip: either encoding imports back into this system as unchanged, a customer without number or external id included', async () => {
    const before = await everyone(t, admin);
    const utf8 = (await download()).bytes;
    const sjis = (await download('?encoding=shift_jis')).bytes;
    // The same text, only encoded differently (nothing here is outside CP932).
    expect(iconv.decode(sjis, 'cp932')).toBe(utf8.toString('utf8').replace(/^\ufeff/, ''));
    for (const [encoding, bytes] of [['utf-8', utf8], ['shift_jis', sjis]] as const) {
      const again = await importCsv(t, admin, bytes);
      expect(again.body, encoding).toMatchObject({ encoding, total: 5, created: 0, updated: 0, unchanged: 5, failed: 0 });
    }
    expect(await everyone(t, admin)).toEqual(before);
  });

  it('an exported row edited in Excel updates its customer (found by システムID), even with a new name and number', async () => {
    const rows = parse((await download()).bytes.toString('utf8'), { bom: true });
    const sato = rows.find((r) => r[0] === '佐藤 一郎')!;
    const edited = [rows[0]!, [...sato.slice(0, 2).map((c, i) => (i === 0 ? '佐藤 一朗' : c)), '090-5555-0000', ...sato.slice(3)]];
    const res = await importCsv(t, admin, csv(edited));
    expect(res.body).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const list = (await t.request<CustomerList>('GET', '/api/customers?phone=09055550000', admin)).body;
    expect(list.items.map((c) => [c.id, c.name])).toEqual([[sato[11], '佐藤 一朗']]);
  });

  it('streams page after page: every customer once', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => [`頁 ${String(i).padStart(4, '0')}`, `070-5${String(i).padStart(3, '0').slice(0, 3)}-${String(i).padStart(4, '0')}`]);
    expect((await importCsv(t, admin, csv([['氏名', '電話番号'], ...rows]))).body).toMatchObject({ created: 2100, failed: 0 });
    const { bytes } = await download();
    const exported = parse(bytes.toString('utf8'), { bom: true }).slice(1);
    expect(exported).toHaveLength(await countCustomers(t.db));
    expect(new Set(exported.map((r) => r[0])).size).toBe(exported.length);
  });

  it('is for admins only', async () => {
    expect((await download('', staff)).res.status).toBe(403);
    expect((await fetch(`${t.url}/api/customers/export`)).status).toBe(401);
  });
});
