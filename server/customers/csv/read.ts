import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../../common/customers';
import { badRequest } from '../../http/errors';

export interface CsvTable {
  encoding: CsvEncoding;
  headers: string[];
  /** Data rows that are not blank, each with its row number as Excel shows it (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

// fatal: a byte sequence that is not UTF-8 throws, which is how Shift_JIS is told apart.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else CP932 (Shift_JIS with Microsoft's extensions: ①, ㈱, NEC and IBM kanji). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932'), encoding: 'shift_jis' };
  }
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Decodes and parses a CSV file. 400 when it is empty, has no data rows or is not CSV (an
 * unclosed quote). Blank lines are skipped but still counted, so row numbers match Excel's.
 */
export function readCsv(bytes: Uint8Array): CsvTable {
  // Excel's "Unicode テキスト" (UTF-16, tab separated) is a common wrong choice in the save dialog: say so plainly.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw badRequest('The file is UTF-16 text, not CSV: in Excel, save it as "CSV UTF-8 (コンマ区切り)" or "CSV (コンマ区切り)"', [
      { field: 'body', message: 'UTF-16 is not read' },
    ]);
  }
  const { text, encoding } = decodeCsv(bytes);
  if (text.trim() === '') throw badRequest('The file is empty', [{ field: 'body', message: 'Empty file' }]);
  let records: string[][];
  try {
    // Quoted cells may span lines (notes); each record is one Excel row.
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (err) {
    const reason = err instanceof CsvError ? err.message : 'unreadable';
    throw badRequest(`The file is not a readable CSV: ${reason}`, [{ field: 'body', message: 'Not CSV' }]);
  }
  const headerIndex = records.findIndex((cells) => !isBlank(cells));
  const headers = (records[headerIndex] ?? []).map((h) => h.trim());
  const rows = records.flatMap((cells, i) => (i > headerIndex && !isBlank(cells) ? [{ row: i + 1, cells }] : []));
  if (rows.length === 0) throw badRequest('The file has a header but no rows to import', [{ field: 'body', message: 'No rows' }]);
  return { encoding, headers, rows };
}
