import type { CsvEncoding } from '../../../../../common/customers';
import { downloadFile } from '../../../lib/api/download';

/** Downloads GET /api/customers/export (UTF-8 with a BOM, or Shift_JIS for older Excel). */
export function downloadCustomersCsv(encoding: CsvEncoding): Promise<string> {
  return downloadFile('/api/customers/export', { query: { encoding }, fallbackName: 'customers.csv' });
}
