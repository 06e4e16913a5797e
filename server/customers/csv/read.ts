import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, Parser } from 'csv-parse';
import type { CsvEncoding } from '../../../common/customers';
import { AppError, badRequest } from '../../http/errors';
import { decodeCell, detectEncoding, SLICE_BYTES } from './decode';

/** What one file may hold. Over a bound the whole file is refused (400 `csv_limit_exceeded`), nothing imported. */
export const CSV_LIMITS = {
  /** A customer has a dozen fields; shop systems export a few dozen columns. */
  columns: 200,
  /** Twice the longest field (notes, 10,000): a note a little too long is its row's error, not the file's. */
  cellChars: 20_000,
  /** 100,000 rows are about 10 MB, half the body limit. */
  rows: 100_000,
} as const;

export type CsvLimit = keyof typeof CSV_LIMITS;

export interface CsvRow {
  /** As Excel shows it: the header is row 1, blank lines and multi-line cells counted as Excel counts them. */
  row: number;
  cells: string[];
  /** Indexes of the cells whose bytes are not valid in the file's encoding. */
  undecodable?: number[];
}

export interface CsvTable {
  encoding: CsvEncoding;
  headers: string[];
  /** Data rows that are not blank. */
  rows: CsvRow[];
}

const MESSAGES: Record<CsvLimit, string> = {
  columns: `more than ${CSV_LIMITS.columns} columns`,
  cellChars: `a cell longer than ${CSV_LIMITS.cellChars.toLocaleString('en')} characters`,
  rows: `more than ${CSV_LIMITS.rows.toLocaleString('en')} rows`,
};

function limitExceeded(limit: CsvLimit, row: number): AppError {
  const message = `The file has ${MESSAGES[limit]} (row ${row}); nothing was imported: split the file or shorten the cell`;
  return new AppError('csv_limit_exceeded', message, [{ field: 'body', message: MESSAGES[limit], limit, max: CSV_LIMITS[limit], row }]);
}

const [QUOTE, COMMA, CR, LF] = [0x22, 0x2c, 0x0d, 0x0a];

/**
 * Counts the cells of the record being read as bytes arrive, so a header of a million columns is
 * refused after 200 rather than built first (the parser only hands over whole records). Quotes
 * toggle: in valid CSV a doubled quote toggles twice; invalid CSV the parser refuses anyway.
 */
class ColumnGuard {
  private quoted = false;
  private cells = 1;
  private line = 1;
  private afterCr = false;

  /** The row number of a record found wider than the bound, if any. */
  feed(bytes: Uint8Array): number | undefined {
    for (const b of bytes) {
      const crlf = this.afterCr && b === LF;
      this.afterCr = !this.quoted && b === CR;
      if (b === QUOTE) this.quoted = !this.quoted;
      else if (this.quoted || crlf) continue;
      else if (b === COMMA && ++this.cells > CSV_LIMITS.columns) return this.line;
      else if (b === CR || b === LF) [this.cells, this.line] = [1, this.line + 1];
    }
    return undefined;
  }
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Decodes and parses a CSV file, a slice at a time with a turn of the event loop between slices.
 * 400 when it is UTF-16, empty, has no data rows, is not CSV (an unclosed quote) or exceeds
 * CSV_LIMITS. Cells with undecodable bytes are marked for the import to report on their row.
 */
export async function readCsv(input: Uint8Array): Promise<CsvTable> {
  // Excel's "Unicode テキスト" (UTF-16, tab separated) is a common wrong choice in the save dialog: say so plainly.
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    throw badRequest('The file is UTF-16 text, not CSV: in Excel, save it as "CSV UTF-8 (コンマ区切り)" or "CSV (コンマ区切り)"', [
      { field: 'body', message: 'UTF-16 is not read' },
    ]);
  }
  const whole = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const encoding = await detectEncoding(whole);
  const bytes = encoding === 'utf-8' && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? whole.subarray(3) : whole;

  let headers: string[] | undefined;
  const rows: CsvRow[] = [];
  let records = 0;
  let failure: unknown;
  // Comma, quote and line ends are ASCII, and never part of a multi-byte character in UTF-8 or
  // CP932 (whose second bytes are 0x40 or above): the bytes are split into cells first, and each
  // cell decoded on its own, so a damaged byte spoils one cell, never the row's columns.
  const parser = new Parser({
    encoding: null,
    relax_column_count: true,
    skip_empty_lines: false,
    // Bounds the parser's buffer for one record (bytes; a character is at most 3 in UTF-8).
    max_record_size: CSV_LIMITS.columns * CSV_LIMITS.cellChars * 3,
    // Thrown here, an error stops the parser and is emitted as its 'error'. With `encoding: null`
    // each field is a Uint8Array (csv-parse's types assume strings).
    on_record: (record) => {
      const fields = record as unknown as Uint8Array[];
      const row = ++records;
      if (fields.length > CSV_LIMITS.columns) throw limitExceeded('columns', row);
      const cells: string[] = [];
      const undecodable: number[] = [];
      for (const [index, field] of fields.entries()) {
        const cell = decodeCell(field, encoding);
        if (cell.text.length > CSV_LIMITS.cellChars) throw limitExceeded('cellChars', row);
        cells.push(cell.text);
        if (cell.undecodable) undecodable.push(index);
      }
      if (isBlank(cells)) return null;
      if (headers === undefined) headers = cells.map((h) => h.trim());
      else if (rows.length === CSV_LIMITS.rows) throw limitExceeded('rows', row);
      else rows.push(undecodable.length > 0 ? { row, cells, undecodable } : { row, cells });
      return null;
    },
  });
  // Errors are emitted on a later tick: each is seen at the next turn below.
  parser.on('error', (err) => (failure ??= err));
  const finished = new Promise<void>((resolve) => parser.on('finish', resolve).on('close', resolve));
  parser.resume();

  const guard = new ColumnGuard();
  for (let start = 0; start < bytes.length && failure === undefined; start += SLICE_BYTES) {
    const slice = bytes.subarray(start, start + SLICE_BYTES);
    const wide = guard.feed(slice);
    if (wide !== undefined) failure = limitExceeded('columns', wide);
    else parser.write(slice);
    await nextTurn();
  }
  if (failure === undefined) {
    parser.end();
    await finished;
  } else {
    parser.destroy();
  }

  if (failure !== undefined) throw toReadError(failure, records + 1);
  if (headers === undefined) throw badRequest('The file is empty', [{ field: 'body', message: 'Empty file' }]);
  if (rows.length === 0) throw badRequest('The file has a header but no rows to import', [{ field: 'body', message: 'No rows' }]);
  return { encoding, headers, rows };
}

function toReadError(err: unknown, row: number): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CsvError && err.code === 'CSV_MAX_RECORD_SIZE') return limitExceeded('cellChars', row);
  const reason = err instanceof CsvError ? err.message : 'unreadable';
  return badRequest(`The file is not a readable CSV: ${reason}`, [{ field: 'body', message: 'Not CSV' }]);
}
