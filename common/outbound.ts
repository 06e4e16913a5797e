import { z } from 'zod';

/** Click-to-call (`POST /api/calls/outbound`): what the web sends and what it gets back. */

export const outboundCallBody = z.strictObject({
  /** Any form people type: 090-1234-5678, ０９０…, +81 90 …; must read as a phone number. */
  phone: z.string().trim().min(1).max(40),
  /** The call-back task this call works: its attempt is recorded and its events close it. */
  callbackId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Whose number the call shows; default: the task's store, else the caller's own store. */
  storeCode: z.string().max(50).optional(),
});
export type OutboundCallBody = z.infer<typeof outboundCallBody>;

export const outboundCallResult = z.object({
  status: z.literal('placing'),
  phoneE164: z.string(),
  /** The store whose number the customer sees; null when Dialpad uses the user's own. */
  storeCode: z.string().nullable(),
  callbackId: z.string().nullable(),
  attemptId: z.string().nullable(),
});
export type OutboundCallResult = z.infer<typeof outboundCallResult>;

/** The error codes click-to-call answers with, each said in its own sentence by the web app. */
export const OUTBOUND_ERROR_CODES = [
  'dialpad_user_not_linked',
  'dialpad_user_busy',
  'dialpad_rate_limited',
  'dialpad_not_configured',
  'dialpad_unreachable',
  'dialpad_refused',
] as const;
export type OutboundErrorCode = (typeof OUTBOUND_ERROR_CODES)[number];
