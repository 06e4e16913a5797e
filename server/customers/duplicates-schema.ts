import { z } from 'zod';
import { customerListItemSchema } from '../../common/customers';

/** Route schema for GET /api/customers/duplicates. */

export const DUPLICATE_REASONS = ['phone', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** What a group of duplicates holds: a list item plus what a merge would move, so staff can pick the one to keep. */
export const duplicateCustomerSchema = customerListItemSchema.extend({
  counts: z.object({ memos: z.number().int(), visits: z.number().int(), calls: z.number().int() }),
});
export type DuplicateCustomer = z.infer<typeof duplicateCustomerSchema>;

export const duplicateGroupSchema = z.object({
  /** `phone`: they share a number; `name`: the same name and kana once normalized. */
  reason: z.enum(DUPLICATE_REASONS),
  /** The number in national form (09012345678), or the name of the most recently updated member. */
  key: z.string(),
  /** How many customers the group has; `customers` lists at most 20 of them. */
  total: z.number().int(),
  /** Most recently updated first. */
  customers: z.array(duplicateCustomerSchema),
});
export type DuplicateGroup = z.infer<typeof duplicateGroupSchema>;

export const duplicatesQuerySchema = z.object({
  /** Only groups of this kind; both when absent (numbers first, then names). */
  reason: z.enum(DUPLICATE_REASONS).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const duplicatesListSchema = z.object({ items: z.array(duplicateGroupSchema), nextCursor: z.string().nullable() });

export const listDuplicatesSchema = { querystring: duplicatesQuerySchema, response: { 200: duplicatesListSchema } };
