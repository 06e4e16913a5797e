import type { IncomingMessage } from 'node:http';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { countCustomers, csv, importCsv, postCsv } from '../../../test/support/csv';
import { customers } from '../../db/schema';

/** Issue 12 item 7: a CSV file can neither stall the server nor store characters it could not read. */
describe('CSV import bounds and undecodable bytes', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  const expectRefused = async (body: string | Uint8Array, limit: string, max: number, dryRun = false) => {
    const before = await countCustomers(t.db);
    const res = await importCsv(t, admin, body, dryRun);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'csv_limit_exceeded', details: [{ field: 'body', limit, max }] });
    expect(res.body.message).toContain(max.toLocaleString('en'));
    expect(await countCustomers(t.db)).toBe(before);
  };

  it('refuses a header of 1,000,000 columns with 400 naming the bound, and imports nothing', { timeout: 120_000 }, async () => {
    await expectRefused(`氏名${',列'.repeat(999_999)}\r\n山田,x\r\n`, 'columns', 200);
    // A data row as wide, quoted cells included, is refused alike.
    await expectRefused(`氏名\r\n山田${',"a,b"'.repeat(300)}\r\n`, 'columns', 200);
  });

  it('refuses a cell over 20,000 characters and a file over 100,000 rows; a note over its own 10,000 is that row\'s error', { timeout: 120_000 }, async () => {
    await expectRefused(csv([['氏名', '備考'], ['長い 備考', 'あ'.repeat(20_001)]]), 'cellChars', 20_000);
    await expectRefused(`氏名\r\n${'顧客\r\n'.repeat(100_001)}`, 'rows', 100_000, true);

    const res = await importCsv(t, admin, csv([['氏名', '備考'], ['少し 長い', 'あ'.repeat(12_000)], ['普通 の人', 'メモ']]), true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, created: 1, failed: 1, failures: [{ row: 2, field: 'notes', column: '備考' }] });
  });

  it('answers other requests while a large file is read: /healthz is answered before the import has read the file', { timeout: 180_000 }, async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`顧客 ${i}`, `メモ ${i} ${'雨の日は来ない、駐車場を使う。'.repeat(5)}`]);
    const file = csv([['氏名', '備考'], ...rows]);
    const order: string[] = [];
    let health: Promise<void> | undefined;
    // Once the server holds the whole body the import starts reading it: /healthz is asked at that
    // moment. The NDJSON answer's status line goes out when the file has been read, before any row is written.
    const onRequest = (req: IncomingMessage) => {
      if (!req.url?.startsWith('/api/customers/import')) return;
      req.once('end', () => {
        health = fetch(`${t.url}/healthz`).then((r) => void order.push(`healthz ${r.status}`));
      });
    };
    t.app.server.on('request', onRequest);
    try {
      const res = await postCsv(t, admin, file, { dryRun: true, accept: 'application/x-ndjson' });
      order.push(`import ${res.status}`);
      expect((await res.text()).trim().split('\n').at(-1)).toContain('"type":"result"');
      await health;
    } finally {
      t.app.server.off('request', onRequest);
    }
    expect(order).toEqual(['healthz 200', 'import 200']);
  });

  /** Every text column of every customer: none may hold U+FFFD. */
  const replacementCharsStored = async () =>
    (await t.db.select({ name: customers.name, nameKana: customers.nameKana, notes: customers.notes, cautionReason: customers.cautionReason }).from(customers))
      .flatMap((c) => Object.values(c))
      .filter((v) => v.includes('\ufffd'));

  it('reports a Shift_JIS row with bytes that are not Shift_JIS as failed (row 2), stores no U+FFFD, imports the other rows', async () => {
    const header = iconv.encode('氏名,フリガナ,備考\r\n', 'cp932');
    // 0x81 0x7f: a lead byte and a byte that cannot follow it.
    const broken = Buffer.concat([iconv.encode('壊れ', 'cp932'), Buffer.from([0x81, 0x7f]), iconv.encode('太郎,コワレ タロウ,メモ\r\n', 'cp932')]);
    const good = iconv.encode('無事 花子,ブジ ハナコ,髙橋さんの紹介 ①\r\n', 'cp932');
    const res = await importCsv(t, admin, Buffer.concat([header, broken, good]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ encoding: 'shift_jis', total: 2, created: 1, failed: 1 });
    expect(res.body.failures).toEqual([
      { row: 2, field: 'name', column: '氏名', code: 'undecodable_bytes', params: { encoding: 'Shift_JIS' }, message: expect.stringContaining('not valid Shift_JIS') as unknown },
    ]);
    // The row's name cannot be read: the preview names nobody rather than "壊れ�太郎".
    expect(res.body.rows).toEqual([
      { row: 2, action: 'fail', customerId: null, name: null, changes: [] },
      expect.objectContaining({ row: 3, action: 'create', name: '無事 花子' }),
    ]);
    expect(await replacementCharsStored()).toEqual([]);
  });

  it('reads a UTF-8 file with a damaged byte as UTF-8, reports that row, stores no U+FFFD', async () => {
    const file = Buffer.concat([
      Buffer.from('氏名,フリガナ,備考\r\n傷 一郎,キズ イチロウ,良い メモ\r\n傷 次郎,キズ ジロウ,'),
      Buffer.from([0xe3, 0x81, 0xff]),
      Buffer.from('のメモ\r\n傷 三郎,キズ サブロウ,もう一つのメモ\r\n'),
    ]);
    const res = await importCsv(t, admin, file);
    expect(res.body).toMatchObject({ encoding: 'utf-8', total: 3, created: 2, failed: 1 });
    expect(res.body.failures).toEqual([
      { row: 3, field: 'notes', column: '備考', code: 'undecodable_bytes', params: { encoding: 'UTF-8' }, message: expect.stringContaining('not valid UTF-8') as unknown },
    ]);
    expect(res.body.rows.find((r) => r.row === 3)).toEqual({ row: 3, action: 'fail', customerId: null, name: '傷 次郎', changes: [] });
    expect(await replacementCharsStored()).toEqual([]);
  });
});
