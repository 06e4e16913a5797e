import { z } from 'zod';
import { customerSchema } from '../../common/customers';
import { customerParams } from './schema';

/** Route schemas for merging customers and reading their merge history. */

export const mergeBodySchema = z.object({
  /** The customer folded into `:id` and then deleted. */
  sourceId: z.string().trim().min(1).max(64),
});

export const mergeMovedSchema = z.object({
  memos: z.number().int(),
  visits: z.number().int(),
  calls: z.number().int(),
  callbacks: z.number().int(),
  phones: z.number().int(),
  /** Earlier merges into the source, now listed under the target. */
  merges: z.number().int(),
});

/**
 * The source as it was. Looser than a customer: a snapshot keeps the shape of its day, and a field
 * added to customers later must not make old records unreadable.
 */
export const mergeSnapshotSchema = customerSchema
  .partial()
  .required({ id: true, name: true })
  // The id the source had in the system a CSV came from (the customer API does not show it).
  .extend({ externalId: z.string().nullable().optional() });

export const customerMergeSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  sourceId: z.string(),
  source: mergeSnapshotSchema,
  mergedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  mergedAt: z.string(),
  moved: mergeMovedSchema,
});
export type CustomerMergeView = z.infer<typeof customerMergeSchema>;

export const mergeResultSchema = z.object({ customer: customerSchema, merge: customerMergeSchema });
export type MergeResultView = z.infer<typeof mergeResultSchema>;

export const mergeCustomerSchema = { params: customerParams, body: mergeBodySchema, response: { 200: mergeResultSchema } };

export const listMergesSchema = {
  params: customerParams,
  querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
  response: { 200: z.object({ items: z.array(customerMergeSchema), nextCursor: z.string().nullable() }) },
};
