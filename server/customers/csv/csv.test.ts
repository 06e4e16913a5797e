import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { mapHeaders } from './columns';
import { readCsv } from './read';
import { escapeCell, parseBirthday, parseCaution, readCell, splitPhones, splitTags } from './values';

describe('reading CSV cells', () => {
  it.each([
    ['1990/01/02', '1990-01-02'],
    ['1990/1/2', '1990-01-02'],
    ['1990-1-2', '1990-01-02'],
    ['1990.01.02', '1990-01-02'],
    ['1990年1月2日', '1990-01-02'],
    ['１９９０年１月２日', '1990-01-02'],
    ['19900102', '1990-01-02'],
    ['1990/01/02 0:00', '1990-01-02'],
    ['平成2年1月2日', '1990-01-02'],
    ['H2.1.2', '1990-01-02'],
    ['昭和64年1月7日', '1989-01-07'],
    ['令和元年5月1日', '2019-05-01'],
    ['1990/02/30', '1990-02-30'],
    ['2日前', null],
    ['1/2/1990', null],
  ])('birthday %s → %s', (cell, iso) => {
    expect(parseBirthday(cell)).toBe(iso);
  });

  it('splits numbers on / ・ , 、 and white space, but keeps a spaced single number whole', () => {
    expect(splitPhones('090-1111-2222 / 03-1111-2222')).toEqual(['090-1111-2222', '03-1111-2222']);
    expect(splitPhones('09011112222・0311112222、0471112222，08011112222')).toEqual(['09011112222', '0311112222', '0471112222', '08011112222']);
    expect(splitPhones('09011112222 0311112222')).toEqual(['09011112222', '0311112222']);
    expect(splitPhones('090 1111 2222')).toEqual(['090 1111 2222']);
    expect(splitPhones('+81 90 1111 2222')).toEqual(['+81 90 1111 2222']);
    expect(splitPhones('０９０－１１１１－２２２２／０３－１１１１－２２２２')).toEqual(['090-1111-2222', '03-1111-2222']);
    expect(splitPhones('')).toEqual([]);
  });

  it('splits tags on , 、 and /', () => {
    expect(splitTags('VIP、カラー, カット/パーマ，ヘッドスパ')).toEqual(['VIP', 'カラー', 'カット', 'パーマ', 'ヘッドスパ']);
  });

  it('reads 要注意 as yes, no or neither', () => {
    for (const yes of ['はい', '○', '〇', '1', 'TRUE', 'true', 'Yes', '１']) expect(parseCaution(yes), yes).toBe(true);
    for (const no of ['いいえ', '×', '0', 'false', 'NO']) expect(parseCaution(no), no).toBe(false);
    expect(parseCaution('たぶん')).toBeUndefined();
  });

  it("escapes cells Excel would run as formulas, and reads them back", () => {
    for (const value of ['=SUM(A1)', '+81 90 1111 2222', '-5%', '@home', 'plain', "'quoted"]) expect(readCell(escapeCell(value))).toBe(value);
    expect(escapeCell('=1+1')).toBe("'=1+1");
    // Full-width starters, which Excel in Japan runs as formulas as well.
    for (const value of ['＝SUM(A1)', '＋81', '－5', '＠home']) {
      expect(escapeCell(value)).toBe(`'${value}`);
      expect(readCell(escapeCell(value))).toBe(value);
    }
    expect(escapeCell('山田')).toBe('山田');
  });
});

describe('headers', () => {
  it('maps Japanese and English headers, in any width and case, and reports the unknown', () => {
    const { columns, unknownHeaders } = mapHeaders(['お名前', 'ﾌﾘｶﾞﾅ', '携帯電話', '自宅電話', '電話番号2', 'Phone1', 'TEL', 'E-mail', '誕生日', '店舗', 'Tags', '要注意', 'caution_reason', 'メモ', '会員番号', 'ポイント', '']);
    expect(columns.map((c) => [c.header, c.field, c.phoneLabel])).toEqual([
      ['お名前', 'name', undefined],
      ['ﾌﾘｶﾞﾅ', 'nameKana', undefined],
      ['携帯電話', 'phones', 'mobile'],
      ['自宅電話', 'phones', 'home'],
      ['電話番号2', 'phones', undefined],
      ['Phone1', 'phones', undefined],
      ['TEL', 'phones', undefined],
      ['E-mail', 'email', undefined],
      ['誕生日', 'birthday', undefined],
      ['店舗', 'homeStoreCode', undefined],
      ['Tags', 'tags', undefined],
      ['要注意', 'caution', undefined],
      ['caution_reason', 'cautionReason', undefined],
      ['メモ', 'notes', undefined],
      ['会員番号', 'externalId', undefined],
    ]);
    expect(unknownHeaders).toEqual(['ポイント']);
    expect(mapHeaders(['名前', '電話番号（携帯）']).columns[1]).toMatchObject({ field: 'phones', phoneLabel: 'mobile' });
  });

  it('refuses a file without a name column, naming what it found', () => {
    expect(() => mapHeaders(['フリガナ', '電話番号'])).toThrow(/No name column.*Headers found: フリガナ, 電話番号/);
  });
});

describe('decoding', () => {
  it('tells UTF-8 (with or without BOM) from Shift_JIS', async () => {
    const text = '氏名,電話番号\n髙橋 ①,０９０\n';
    const read = async (bytes: Uint8Array) => {
      const table = await readCsv(bytes);
      return { encoding: table.encoding, headers: table.headers, cells: table.rows[0]?.cells };
    };
    const expected = { headers: ['氏名', '電話番号'], cells: ['髙橋 ①', '０９０'] };
    expect(await read(Buffer.from(`\ufeff${text}`))).toEqual({ ...expected, encoding: 'utf-8' });
    expect(await read(Buffer.from(text))).toEqual({ ...expected, encoding: 'utf-8' });
    expect(await read(iconv.encode(text, 'cp932'))).toEqual({ ...expected, encoding: 'shift_jis' });
  });

  it('numbers rows as Excel does, blank lines and multi-line cells included', async () => {
    const table = await readCsv(Buffer.from('氏名,備考\r\nA,"one\r\ntwo"\r\n\r\n,\r\nB,x\r\n'));
    expect(table.headers).toEqual(['氏名', '備考']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['A', 'one\r\ntwo'] },
      { row: 5, cells: ['B', 'x'] },
    ]);
  });
});
