import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../common/customers';
import type { CallReport } from '../../common/reports';
import type { PurposeRow } from '../purposes/repository';
import type { ReportRow } from './repository';

const BOM = '\ufeff';

/**
 * The report as the API answers it: purposes by label, every purpose of the list a column (active
 * ones always, archived ones when a call of the period carries them), in the list's order.
 */
export function buildCallReport(from: string, to: string, rows: ReportRow[], purposes: PurposeRow[]): CallReport {
  const used = new Set(rows.flatMap((r) => Object.keys(r.purposes)));
  const columns = purposes.filter((p) => p.archivedAt === null || used.has(p.id));
  return {
    from,
    to,
    purposes: columns.map((p) => p.label),
    days: rows.map((r) => ({
      date: r.date,
      store: r.storeCode !== null && r.storeName !== null ? { code: r.storeCode, name: r.storeName } : null,
      calls: r.calls,
      answered: r.answered,
      missedDuringHours: r.missedDuringHours,
      afterHours: r.afterHours,
      callbacksReached: r.callbacksReached,
      purposes: Object.fromEntries(columns.map((p) => [p.label, r.purposes[p.id] ?? 0])),
    })),
  };
}

/** The CSV's fixed columns, in Japanese: the file is opened by store managers in Excel. */
const HEADER = ['日付', '店舗コード', '店舗', '着信', '応答', '営業時間内の不在着信', '営業時間外の着信', '折り返しつながった'];

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text. */
const safe = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** The report as CSV: one row per day and store, one column per purpose; UTF-8 with a BOM, or Shift_JIS (CP932). */
export function callReportCsv(report: CallReport, encoding: CsvEncoding): Buffer {
  const lines = [
    [...HEADER, ...report.purposes].map(safe),
    ...report.days.map((d) =>
      [
        d.date,
        d.store?.code ?? '',
        d.store?.name ?? '店舗不明',
        ...[d.calls, d.answered, d.missedDuringHours, d.afterHours, d.callbacksReached].map(String),
        ...report.purposes.map((label) => String(d.purposes[label] ?? 0)),
      ].map(safe),
    ),
  ];
  const text = stringify(lines, { quoted: true, record_delimiter: '\r\n' });
  return encoding === 'utf-8' ? Buffer.from(BOM + text, 'utf8') : iconv.encode(text, 'cp932');
}
