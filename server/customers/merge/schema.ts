import { z } from 'zod';
import { customerMergeListSchema, mergeResultSchema } from '../../../common/customers';
import { customerParams } from '../schema';

/** Route schemas for merging customers and reading their merge history; the shapes live in common/customers.ts. */

export const mergeBodySchema = z.strictObject({
  /** The customer folded into `:id` and then deleted. */
  sourceId: z.string().trim().min(1).max(64),
});

export const mergeCustomerSchema = { params: customerParams, body: mergeBodySchema, response: { 200: mergeResultSchema } };

export const listMergesSchema = {
  params: customerParams,
  querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
  response: { 200: customerMergeListSchema },
};
