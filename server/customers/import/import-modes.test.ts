import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportMode } from '../../../common/customers';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { countCustomers, csv, importCsv, postCsv } from '../../../test/support/csv';
import { customers } from '../../db/schema';

/** Issue 13 item 6: what a re-import does to an existing customer's 備考 and tags (it used to replace them silently). */
describe('CSV import: keep, append or replace 備考 and tags', () => {
  let t: TestApp;
  let admin: string;
  let serial = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  const stored = async (externalId: string) =>
    (await t.db.select({ notes: customers.notes, tags: customers.tags }).from(customers).where(eq(customers.externalId, externalId)))[0];
  const file = (externalId: string, notes: string, tags: string) => csv([['会員番号', '氏名', '備考', 'タグ'], [externalId, '森 一花', notes, tags]]);
  /** A customer with 備考 "駐車場を使う" and tags VIP, カラー; its 会員番号. */
  const existing = async (): Promise<string> => {
    const externalId = `MODE-${++serial}`;
    const res = await importCsv(t, admin, file(externalId, '駐車場を使う', 'VIP, カラー'));
    expect(res.body).toMatchObject({ created: 1, failed: 0 });
    return externalId;
  };

  it.each<[ImportMode | undefined, ImportMode | undefined, string, string[]]>([
    ['keep', 'keep', '駐車場を使う', ['VIP', 'カラー']],
    ['append', 'append', '駐車場を使う\n雨の日は来ない', ['VIP', 'カラー', 'パーマ']],
    ['replace', 'replace', '雨の日は来ない', ['カラー', 'パーマ']],
    ['keep', 'replace', '駐車場を使う', ['カラー', 'パーマ']],
    ['replace', 'keep', '雨の日は来ない', ['VIP', 'カラー']],
    // No query parameters: append.
    [undefined, undefined, '駐車場を使う\n雨の日は来ない', ['VIP', 'カラー', 'パーマ']],
  ])('notes=%s tags=%s: the customer keeps %j and %j', async (notes, tags, expectedNotes, expectedTags) => {
    const externalId = await existing();
    const modes = { ...(notes && { notes }), ...(tags && { tags }) };
    const res = await importCsv(t, admin, file(externalId, '雨の日は来ない', 'カラー, パーマ'), false, modes);
    expect(res.status).toBe(200);
    const changed = expectedNotes !== '駐車場を使う' || expectedTags.join() !== 'VIP,カラー';
    expect(res.body).toMatchObject({ created: 0, updated: changed ? 1 : 0, unchanged: changed ? 0 : 1, failed: 0 });
    expect(await stored(externalId)).toEqual({ notes: expectedNotes, tags: expectedTags });
  });

  it('append is idempotent: the same file again changes nothing (the text is already there, the tags too)', async () => {
    const externalId = await existing();
    const again = file(externalId, '雨の日は来ない', 'パーマ');
    expect((await importCsv(t, admin, again)).body).toMatchObject({ updated: 1 });
    expect((await importCsv(t, admin, again)).body).toMatchObject({ updated: 0, unchanged: 1 });
    // Text the 備考 already holds somewhere is not added twice either.
    expect((await importCsv(t, admin, file(externalId, '駐車場', ''))).body).toMatchObject({ unchanged: 1 });
    expect(await stored(externalId)).toEqual({ notes: '駐車場を使う\n雨の日は来ない', tags: ['VIP', 'カラー', 'パーマ'] });
  });

  it('keep still gives a new customer the file\'s 備考 and tags; a blank cell leaves them alone in every mode', async () => {
    const res = await importCsv(t, admin, file('MODE-NEW', '紹介: 森さん', 'VIP'), false, { notes: 'keep', tags: 'keep' });
    expect(res.body).toMatchObject({ created: 1 });
    expect(await stored('MODE-NEW')).toEqual({ notes: '紹介: 森さん', tags: ['VIP'] });
    for (const mode of ['keep', 'append', 'replace'] as const) {
      const blank = await importCsv(t, admin, file('MODE-NEW', '', ''), false, { notes: mode, tags: mode });
      expect(blank.body, mode).toMatchObject({ unchanged: 1 });
    }
    expect(await stored('MODE-NEW')).toEqual({ notes: '紹介: 森さん', tags: ['VIP'] });
  });

  it('refuses a row that appending would take past 30 tags or 10,000 characters of 備考, and writes nothing for it', async () => {
    const externalId = await existing();
    const many = Array.from({ length: 29 }, (_, i) => `t${i}`).join(', ');
    const res = await importCsv(t, admin, file(externalId, 'あ'.repeat(9_995), many));
    expect(res.body).toMatchObject({ updated: 0, failed: 1 });
    expect(res.body.failures).toEqual([{ row: 2, field: 'tags', column: 'タグ', code: 'too_many', params: { max: 30 }, message: 'A customer keeps at most 30 tags' }]);
    const notes = await importCsv(t, admin, file(externalId, 'あ'.repeat(9_995), ''));
    expect(notes.body.failures).toMatchObject([{ row: 2, field: 'notes', column: '備考', code: 'too_long', params: { max: 10_000 } }]);
    expect(notes.body.rows).toEqual([{ row: 2, action: 'fail', customerId: expect.any(String) as string, name: '森 一花', changes: [] }]);
    expect(await stored(externalId)).toEqual({ notes: '駐車場を使う', tags: ['VIP', 'カラー'] });
    // Replacing instead fits.
    expect((await importCsv(t, admin, file(externalId, 'あ'.repeat(9_995), many), false, { notes: 'replace', tags: 'replace' })).body).toMatchObject({ updated: 1 });
  });

  it('refuses a mode it does not know with 400, before reading the file', async () => {
    const before = await countCustomers(t.db);
    const res = await fetch(`${t.url}/api/customers/import?notes=merge`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: file('MODE-X', 'a', 'b') });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'validation_failed' });
    expect(await countCustomers(t.db)).toBe(before);
  });

  it('the NDJSON stream\'s result line has the modes applied and the rows', async () => {
    const externalId = await existing();
    const res = await postCsv(t, admin, file(externalId, '新しい 備考', 'パーマ'), { accept: 'application/x-ndjson', notes: 'replace', tags: 'keep' });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      updated: 1,
      rowsTruncated: false,
      rows: [{ row: 2, action: 'update', name: '森 一花', changes: [{ field: 'notes', old: '駐車場を使う', new: '新しい 備考' }] }],
    });
    expect(await stored(externalId)).toEqual({ notes: '新しい 備考', tags: ['VIP', 'カラー'] });
  });
});
