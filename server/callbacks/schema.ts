import { z } from 'zod';
import { callbackStatusSchema } from '../../common/callbacks';

/** The request shapes only the server reads; the body and answers are the wire contract in common/callbacks. */

export const listCallbacksQuery = z.object({
  status: callbackStatusSchema.optional(),
  store: z.string().max(50).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const callbackIdParams = z.object({ id: z.uuid() });
