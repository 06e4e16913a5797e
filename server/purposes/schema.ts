import { z } from 'zod';

/** The request shapes only the server reads; the bodies and answers are the wire contract in common/purposes. */

/** Any string: one that is not a uuid is simply not found. */
export const purposeIdParams = z.object({ id: z.string().min(1).max(64) });
