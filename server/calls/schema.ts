import { z } from 'zod';
import { queryBoolean } from '../http/query';
import { callStateSchema } from '../../common/calls';

/** The request shapes only the server reads; the bodies and answers are the wire contract in common/calls. */

export const callIdParams = z.object({ callId: z.string().min(1).max(100) });

export const listCallsQuery = z.object({
  store: z.string().max(50).optional(),
  state: callStateSchema.optional(),
  customerId: z.uuid().optional(),
  /** false: real calls only (every figure), true: test calls only; absent: both. */
  test: queryBoolean().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const customerCallsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
