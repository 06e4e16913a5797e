import { z } from 'zod';

/** The request shapes only the server reads; the bodies and answers are the wire contract in common/stores. */

/** Any string: a code that cannot exist is simply not found. */
export const storeCodeParams = z.object({ code: z.string().max(100) });

export const storeListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last code of the previous page. */
  cursor: z.string().max(100).optional(),
});
