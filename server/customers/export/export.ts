import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../../common/customers';
import { formatPhone } from '../../../common/phone';
import type { Executor } from '../../db/client';
import { EXPORT_COLUMNS } from '../csv/columns';
import { escapeCell } from '../csv/values';
import type { CustomerRecord } from '../rows';
import { searchCustomers } from '../search/repository';
import { exportRepository } from './repository';

/** Customers per page: a few MB of memory at most, whatever the number of customers. */
const PAGE = 1000;
const BOM = '\ufeff';

/** One customer as a CSV row, in EXPORT_COLUMNS' order, in forms the import reads back. */
function toCells({ row, phones, homeStore }: CustomerRecord, externalId: string | undefined): string[] {
  const cells = [
    row.name,
    row.nameKana,
    phones.map((p) => formatPhone(p.e164)).join(' / '),
    row.email ?? '',
    row.birthday ?? '',
    homeStore?.code ?? '',
    row.tags.join(', '),
    // いいえ rather than blank: the import reads a blank cell as "leave as it is", so clearing はい in Excel must say so.
    row.caution ? 'はい' : 'いいえ',
    row.cautionReason,
    row.notes,
    externalId ?? '',
    row.id,
  ];
  return cells.map(escapeCell);
}

function encode(text: string, encoding: CsvEncoding): Buffer {
  // CP932 has no code for some characters (emoji, 𠮷): iconv writes "?" for them, so UTF-8 is the default.
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'cp932');
}

/** Every field quoted and CRLF line ends, as Excel writes CSV: notes with line breaks stay one cell. */
const csvLines = (rows: string[][]): string => stringify(rows, { quoted: true, record_delimiter: '\r\n' });

/**
 * Every customer as CSV, page by page in あいうえお順 (the customer list's order and index), so
 * 100,000 customers never sit in memory at once. UTF-8 starts with a BOM: without it Excel in
 * Japan reads the file as Shift_JIS.
 */
export async function* exportCustomersCsv(db: Executor, encoding: CsvEncoding): AsyncGenerator<Buffer> {
  const header = csvLines([EXPORT_COLUMNS.map(([name]) => name)]);
  yield encode(encoding === 'utf-8' ? BOM + header : header, encoding);
  let cursor: string | undefined;
  do {
    const page = await searchCustomers(db, { term: null, cursor, limit: PAGE });
    const externalIds = await exportRepository.externalIdsOf(db, page.records.map((r) => r.row.id));
    if (page.records.length > 0) yield encode(csvLines(page.records.map((r) => toCells(r, externalIds.get(r.row.id)))), encoding);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
