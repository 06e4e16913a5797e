import { z } from 'zod';
import { CALLBACK_STATUSES } from '../../common/callbacks';

export const callbackViewSchema = z.object({
  id: z.string(),
  status: z.enum(CALLBACK_STATUSES),
  reason: z.enum(['missed', 'voicemail']),
  phone: z.string(),
  phoneE164: z.string(),
  store: z.object({ code: z.string(), name: z.string() }).nullable(),
  customer: z.object({ id: z.string(), name: z.string(), nameKana: z.string() }).nullable(),
  callCount: z.number().int(),
  lastCallId: z.string(),
  firstCallAt: z.string(),
  lastCallAt: z.string(),
  note: z.string(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(['done', 'answered']).nullable(),
  closedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const listCallbacksQuery = z.object({
  status: z.enum(CALLBACK_STATUSES).optional(),
  store: z.string().max(50).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const callbackListSchema = z.object({ items: z.array(callbackViewSchema), nextCursor: z.string().nullable() });

export const callbackIdParams = z.object({ id: z.uuid() });

export const updateCallbackBody = z
  .object({ status: z.enum(CALLBACK_STATUSES).optional(), note: z.string().max(2000).optional() })
  .refine((b) => b.status !== undefined || b.note !== undefined, { message: 'send status or note' });
