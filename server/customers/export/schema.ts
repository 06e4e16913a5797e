import { z } from 'zod';
import type { CsvEncoding } from '../../../common/customers';

/** Route schema for the CSV export (/api/customers/export). */

export const exportQuerySchema = z.object({
  /** utf-8 (with a BOM, so Excel reads it right) or shift_jis (CP932, for older tools). */
  encoding: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['utf-8', 'utf8', 'shift_jis', 'sjis', 'cp932']))
    .transform((e): CsvEncoding => (e === 'utf-8' || e === 'utf8' ? 'utf-8' : 'shift_jis'))
    .default('utf-8'),
});

/** The body is CSV, streamed: no JSON response schema. */
export const exportSchema = { querystring: exportQuerySchema };
