import { z } from 'zod';
import { queryBoolean } from '../../http/query';
import { importModeSchema, importResultSchema } from '../../../common/customers';

/** Route schema for the CSV import (/api/customers/import); the result's shape lives in common/customers.ts. */

export const importQuerySchema = z.object({
  /** Check and count every row, write nothing. */
  dryRun: queryBoolean().default(false),
  /** An existing customer's 備考 when a row gives one: keep it, append the file's (on a new line, unless already there) or replace it. */
  notes: importModeSchema.default('append'),
  /** An existing customer's tags when a row gives some: keep them, add the file's (a union) or replace them. */
  tags: importModeSchema.default('append'),
});

/**
 * 200 is the result; with `Accept: application/x-ndjson` the body is instead a stream of lines:
 * `{"type":"progress","done":500,"total":10000}` …, then `{"type":"result", ...result}` (or
 * `{"type":"error","error":…,"message":…}` when the import stopped).
 */
export const importSchema = { querystring: importQuerySchema, response: { 200: importResultSchema } };
