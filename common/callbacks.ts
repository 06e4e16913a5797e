import { z } from 'zod';
import { storeRefSchema } from './stores';
import { userRefSchema } from './users';

/** Call-back tasks as the API takes and gives them; shared by the server and the web app. */

export const callbackStatusSchema = z.enum(['open', 'done']);
export type CallbackStatus = z.infer<typeof callbackStatusSchema>;

/**
 * The queues open tasks are shown in, most urgent first; within one, the oldest first call leads.
 * `after_hours`: every call of the task came while its store was closed (common/business-hours.ts);
 * listed apart for the next morning (`GET /api/callbacks?queue=after_hours`).
 */
export const CALLBACK_QUEUES = ['regular', 'after_hours'] as const;
export const callbackQueueSchema = z.enum(CALLBACK_QUEUES);
export type CallbackQueue = z.infer<typeof callbackQueueSchema>;

export const attemptOutcomeSchema = z.enum(['placing', 'failed', 'answered', 'unanswered']);
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

/** One call placed for a task: who, when, and whether the customer answered (or why it never went out). */
export const callbackAttemptSchema = z.object({
  id: z.string(),
  user: userRefSchema.nullable(),
  startedAt: z.string(),
  outcome: attemptOutcomeSchema,
  /** The error code when the call could not be placed (dialpad_user_busy, ...). */
  reason: z.string().nullable(),
  answeredAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type CallbackAttempt = z.infer<typeof callbackAttemptSchema>;

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
  /** `reached`: a call placed for this task connected. */
  closeReason: z.enum(['done', 'answered', 'reached']).nullable(),
  closedBy: userRefSchema.nullable(),
  /** Who works it (taken by staff, or assigned by an admin). */
  owner: userRefSchema.nullable(),
  queue: callbackQueueSchema,
  /** Calls that went out for it (failed placements are in `attempts` but not counted). */
  attemptCount: z.number().int(),
  /** Oldest first. */
  attempts: z.array(callbackAttemptSchema),
  /** Whether a call folded into it left a voicemail (留守電あり), and the newest one's link (null: none, or no link sent). */
  hasVoicemail: z.boolean(),
  voicemailUrl: z.string().nullable(),
});
export type CallbackView = z.infer<typeof callbackViewSchema>;

export const callbackListSchema = z.object({ items: z.array(callbackViewSchema), nextCursor: z.string().nullable() });

/** `note` is the outcome note; `ownerId` takes (oneself), assigns (admins) or, null, releases the task. */
export const updateCallbackBody = z
  .strictObject({ status: callbackStatusSchema.optional(), note: z.string().max(2000).optional(), ownerId: z.uuid().nullable().optional() })
  .refine((b) => b.status !== undefined || b.note !== undefined || b.ownerId !== undefined, { message: 'send status, note or ownerId' });
export type UpdateCallbackBody = z.infer<typeof updateCallbackBody>;
