import { z } from 'zod';
import type { CsvEncoding } from '../../common/customers';
import { REPORT_MAX_DAYS } from '../../common/reports';

/** The request shapes of /api/reports: only the server reads them. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A real calendar day as YYYY-MM-DD (2026-02-30 is refused). */
const daySchema = z.iso.date();

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export const callReportQuery = z
  .object({
    /** Asia/Tokyo days, both included. */
    from: daySchema,
    to: daySchema,
    /** An admin's one store (staff always get their own). */
    store: z.string().max(50).optional(),
    /** csv: the same figures as CSV (so does `Accept: text/csv`). */
    format: z.enum(['json', 'csv']).optional(),
    /** For CSV: utf-8 (with a BOM, for Excel) or shift_jis (CP932), as the customer export. */
    encoding: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['utf-8', 'utf8', 'shift_jis', 'sjis', 'cp932']))
      .transform((e): CsvEncoding => (e === 'utf-8' || e === 'utf8' ? 'utf-8' : 'shift_jis'))
      .default('utf-8'),
  })
  .superRefine((q, ctx) => {
    const days = daysBetween(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from', params: { code: 'before_from' } });
    if (days > REPORT_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${REPORT_MAX_DAYS} days`, params: { code: 'too_long' } });
  });
export type CallReportQuery = z.infer<typeof callReportQuery>;
