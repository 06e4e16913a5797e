import { z } from 'zod';

/** Route schemas for the CSV import and export (/api/customers/import, /api/customers/export). */

export const importQuerySchema = z.object({
  /** Check and count every row, write nothing. */
  dryRun: z.stringbool().default(false),
});

export const importFailureSchema = z.object({
  /** As Excel numbers it: the header is row 1. */
  row: z.number().int(),
  /** The customer field (name, phones, email, birthday, homeStoreCode, ...); null when the row failed as a whole. */
  field: z.string().nullable(),
  /** The column as the file names it (電話番号, 携帯, ...). */
  column: z.string().nullable(),
  message: z.string(),
});

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  encoding: z.enum(['utf-8', 'shift_jis']),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  failures: z.array(importFailureSchema),
  /** Headers no field is known by: their columns were ignored. */
  unknownHeaders: z.array(z.string()),
  durationMs: z.number(),
});
export type ImportResultBody = z.infer<typeof importResultSchema>;

/**
 * 200 is the result; with `Accept: application/x-ndjson` the body is instead a stream of lines:
 * `{"type":"progress","done":500,"total":10000}` …, then `{"type":"result", ...result}` (or
 * `{"type":"error","error":…,"message":…}` when the import stopped).
 */
export const importSchema = { querystring: importQuerySchema, response: { 200: importResultSchema } };

export const exportQuerySchema = z.object({
  /** utf-8 (with a BOM, so Excel reads it right) or shift_jis (CP932, for older tools). */
  encoding: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['utf-8', 'utf8', 'shift_jis', 'sjis', 'cp932']))
    .transform((e) => (e === 'utf-8' || e === 'utf8' ? 'utf-8' : 'shift_jis'))
    .default('utf-8'),
});

/** The body is CSV, streamed: no JSON response schema. */
export const exportSchema = { querystring: exportQuerySchema };
