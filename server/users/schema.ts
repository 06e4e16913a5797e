import { z } from 'zod';

/** The request shapes only the server reads; the bodies and answers are the wire contract in common/users. */

/** Any string: an id that is not a UUID is simply not found. */
export const userIdParams = z.object({ id: z.string().max(100) });

export const userListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last email of the previous page. */
  cursor: z.string().max(254).optional(),
});
