import type { CsvEncoding } from '../../../../../common/customers';
import { downloadFile } from '../../../lib/api/download';

/** Downloads GET /api/reports/calls as CSV: the same figures as the report card, one column per purpose. */
export function downloadCallReportCsv(from: string, to: string, encoding: CsvEncoding): Promise<string> {
  return downloadFile('/api/reports/calls', { query: { from, to, encoding }, accept: 'text/csv', fallbackName: 'calls.csv' });
}
