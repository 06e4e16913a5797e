import { z } from 'zod';
import { customerCreateSchema } from './customers';
import { memoViewSchema } from './memos';
import { purposeRefSchema } from './purposes';
import { storeRefSchema } from './stores';
import { visitSummarySchema, visitViewSchema } from './visits';

/** Calls as the API and the sockets give them; shared by the server, the web app and the CLI. */

/**
 * Call state as staff see it; the order is the order a call moves through (never backwards).
 * `blocked`: Dialpad turned away a number an admin blocked; kept in history, never popped, never a task.
 */
export const CALL_STATES = ['ringing', 'answered', 'ended', 'missed', 'voicemail', 'blocked'] as const;
export const callStateSchema = z.enum(CALL_STATES);
export type CallState = z.infer<typeof callStateSchema>;

export const agentRefSchema = z.object({
  /** Dialpad's id of the user rung (or who answered). */
  id: z.string(),
  name: z.string(),
  /** Our user, when one is linked to that Dialpad user. */
  userId: z.string().nullable(),
});
export type AgentRef = z.infer<typeof agentRefSchema>;

/** What the card needs to show who is calling before anything else loads. */
export const customerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  nameKana: z.string(),
  /** 要注意: shown on the card before anyone answers, with its reason ('' when none given). */
  caution: z.boolean(),
  cautionReason: z.string(),
  /** VIP …: few and short, so they ride on the socket and show before the details load. */
  tags: z.array(z.string()),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** The customer as the card shows them once the details load: the summary with 備考 (kept off the socket: it can be long). */
export const customerCardSchema = customerSummarySchema.extend({ notes: z.string() });
export type CustomerCard = z.infer<typeof customerCardSchema>;

/** One recording of a call, as Dialpad reported it (https links only; see server/calls/recordings.ts). */
export const callRecordingSchema = z.object({
  id: z.string().nullable(),
  /** Dialpad's recording_type (`user`, `admin`, `call` ...) or null when not sent. */
  type: z.string().nullable(),
  url: z.string(),
  durationMs: z.number().nullable(),
  startedAt: z.string().nullable(),
});
export type CallRecording = z.infer<typeof callRecordingSchema>;

export const callViewSchema = z.object({
  callId: z.string(),
  state: callStateSchema,
  direction: z.enum(['inbound', 'outbound']),
  /** National form: 09012345678. */
  customerPhone: z.string().nullable(),
  customerPhoneE164: z.string().nullable(),
  /** The number dialled, national form: 05017481234. */
  incomingNumber: z.string().nullable(),
  incomingNumberE164: z.string().nullable(),
  store: storeRefSchema.nullable(),
  customerId: z.string().nullable(),
  /** The linked customer's name, for lists of calls (null while the caller is unknown). */
  customerName: z.string().nullable(),
  agent: agentRefSchema.nullable(),
  answeredBy: agentRefSchema.nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  isTest: z.boolean(),
  /** An inbound call that came while its store was closed (its business hours, common/business-hours.ts). */
  afterHours: z.boolean(),
  /** The voicemail left on this call (Dialpad's link; needs the API key's recordings_export scope). */
  voicemailUrl: z.string().nullable(),
  recordings: z.array(callRecordingSchema),
  /** Dialpad's transcription of the voicemail or call, when it sent one. */
  transcription: z.string().nullable(),
  /** Why they called, as staff tagged it (common/purposes.ts); null until tagged. */
  purpose: purposeRefSchema.nullable(),
});
export type CallView = z.infer<typeof callViewSchema>;

export const callListSchema = z.object({ items: z.array(callViewSchema), nextCursor: z.string().nullable() });
export type CallList = z.infer<typeof callListSchema>;

/** Everything the popup card shows, in one response. */
export const callDetailSchema = z.object({
  call: callViewSchema,
  customer: customerCardSchema.nullable(),
  candidates: z.array(customerSummarySchema),
  memos: z.array(memoViewSchema),
  visits: z.array(visitViewSchema),
  visitSummary: visitSummarySchema.nullable(),
  recentCalls: z.array(callViewSchema),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

/** How a call ended for the customer's history: null while it is still ringing. */
export const callOutcomeSchema = z.enum(['answered', 'missed', 'voicemail', 'blocked']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

export const customerCallSchema = callViewSchema.extend({ outcome: callOutcomeSchema.nullable() });
export type CustomerCallView = z.infer<typeof customerCallSchema>;
export const customerCallListSchema = z.object({ items: z.array(customerCallSchema), nextCursor: z.string().nullable() });

/**
 * A customer registered from a call: the body of POST /api/customers, except that a homeStoreCode
 * left out means the call's store (null still says "no store").
 */
export const linkCreateSchema = customerCreateSchema.extend({ homeStoreCode: customerCreateSchema.shape.homeStoreCode.unwrap().optional() });
export type LinkCreate = z.infer<typeof linkCreateSchema>;

/** Who the caller is: an existing customer (any string; not a uuid is 404), or a new one made with the call's number. */
export const linkCustomerBody = z
  .strictObject({ customerId: z.string().min(1).max(64).optional(), create: linkCreateSchema.optional() })
  .refine((b) => (b.customerId === undefined) !== (b.create === undefined), { message: 'send either customerId or create' });

// The socket payloads are the call as the card sees it, picked from the REST view so the two never drift.

/** `incoming_call`: pushed when a call starts ringing, so the card shows who calls before any request. */
export const incomingCallPayloadSchema = callViewSchema
  .pick({
    callId: true,
    customerPhone: true,
    customerPhoneE164: true,
    incomingNumber: true,
    incomingNumberE164: true,
    store: true,
    agent: true,
    startedAt: true,
    isTest: true,
  })
  .extend({
    type: z.literal('incoming_call'),
    state: z.literal('ringing'),
    customer: customerSummarySchema.nullable(),
    /** Every customer holding this number when it is shared (a household phone); empty otherwise. */
    candidates: z.array(customerSummarySchema),
  });
export type IncomingCallPayload = z.infer<typeof incomingCallPayloadSchema>;

/** `call_updated`: every later change of a call (answered, ended, linked to a customer). */
export const callUpdatedPayloadSchema = callViewSchema
  .pick({
    callId: true,
    state: true,
    store: true,
    answeredBy: true,
    answeredAt: true,
    endedAt: true,
    durationMs: true,
    isTest: true,
    voicemailUrl: true,
    recordings: true,
    transcription: true,
    purpose: true,
  })
  .extend({
    type: z.literal('call_updated'),
    /** Who the call is linked to now (set when staff link an unknown or shared number); null while unknown. */
    customer: customerSummarySchema.nullable(),
  });
export type CallUpdatedPayload = z.infer<typeof callUpdatedPayloadSchema>;
