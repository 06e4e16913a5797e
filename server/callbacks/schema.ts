import { z } from 'zod';
import { callbackQueueSchema, callbackStatusSchema } from '../../common/callbacks';

/** The request shapes only the server reads; the body and answers are the wire contract in common/callbacks. */

export const listCallbacksQuery = z.object({
  status: callbackStatusSchema.optional(),
  store: z.string().max(50).optional(),
  /** `regular` (折り返し待ち) or `after_hours` (missed while the store was closed); both when absent. */
  queue: callbackQueueSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const callbackIdParams = z.object({ id: z.uuid() });
