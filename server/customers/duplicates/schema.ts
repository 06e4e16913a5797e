import { z } from 'zod';
import { duplicateListSchema, duplicateReasonSchema } from '../../../common/customers';

/** Route schema for GET /api/customers/duplicates; the shapes live in common/customers.ts. */

export const duplicatesQuerySchema = z.object({
  /** Only groups of this kind; both when absent (numbers first, then names). */
  reason: duplicateReasonSchema.optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const listDuplicatesSchema = { querystring: duplicatesQuerySchema, response: { 200: duplicateListSchema } };
