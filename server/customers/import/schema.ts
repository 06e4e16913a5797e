import { z } from 'zod';
import { importResultSchema } from '../../../common/customers';

/** Route schema for the CSV import (/api/customers/import); the result's shape lives in common/customers.ts. */

export const importQuerySchema = z.object({
  /** Check and count every row, write nothing. */
  dryRun: z.stringbool().default(false),
});

/**
 * 200 is the result; with `Accept: application/x-ndjson` the body is instead a stream of lines:
 * `{"type":"progress","done":500,"total":10000}` …, then `{"type":"result", ...result}` (or
 * `{"type":"error","error":…,"message":…}` when the import stopped).
 */
export const importSchema = { querystring: importQuerySchema, response: { 200: importResultSchema } };
