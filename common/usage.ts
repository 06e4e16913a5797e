import { z } from 'zod';

/**
 * What deleting a record takes with it and leaves behind, counted for the confirmation an admin reads
 * first (GET /api/customers/:id/usage, GET /api/stores/:code/usage).
 */

/** Memos and visits go with the customer; calls and call-backs stay, no longer linked to anyone. */
export const customerUsageSchema = z.object({
  memos: z.number().int(),
  visits: z.number().int(),
  /** Calls linked to the customer (test calls left out). */
  calls: z.number().int(),
  callbacks: z.number().int(),
});
export type CustomerUsage = z.infer<typeof customerUsageSchema>;

/** The prefixes go with the store; calls, visits, call-backs and customers stay without a store; users must move first. */
export const storeUsageSchema = z.object({
  prefixes: z.array(z.string()),
  /** Users of the store: while there is one, the store cannot be deleted (409). */
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  /** Calls to the store (test calls left out). */
  calls: z.number().int(),
  visits: z.number().int(),
  callbacks: z.number().int(),
  /** Customers whose 担当店舗 it is. */
  customers: z.number().int(),
});
export type StoreUsage = z.infer<typeof storeUsageSchema>;
