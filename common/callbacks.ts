import { z } from 'zod';
import { storeRefSchema } from './stores';
import { userRefSchema } from './users';

/** Call-back tasks as the API takes and gives them; shared by the server and the web app. */

export const callbackStatusSchema = z.enum(['open', 'done']);
export type CallbackStatus = z.infer<typeof callbackStatusSchema>;

/** A call-back task as screens show it and sockets push it (`callback_updated`). */
export const callbackViewSchema = z.object({
  id: z.string(),
  status: callbackStatusSchema,
  reason: z.enum(['missed', 'voicemail']),
  /** National form: 09012345678. */
  phone: z.string(),
  phoneE164: z.string(),
  store: storeRefSchema.nullable(),
  customer: z.object({ id: z.string(), name: z.string(), nameKana: z.string() }).nullable(),
  callCount: z.number().int(),
  lastCallId: z.string(),
  firstCallAt: z.string(),
  lastCallAt: z.string(),
  note: z.string(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(['done', 'answered']).nullable(),
  closedBy: userRefSchema.nullable(),
});
export type CallbackView = z.infer<typeof callbackViewSchema>;

export const callbackListSchema = z.object({ items: z.array(callbackViewSchema), nextCursor: z.string().nullable() });

export const updateCallbackBody = z
  .strictObject({ status: callbackStatusSchema.optional(), note: z.string().max(2000).optional() })
  .refine((b) => b.status !== undefined || b.note !== undefined, { message: 'send status or note' });
