import { z } from 'zod';
import { CALL_STATES } from '../../common/calls';
import { customerCreateSchema } from '../../common/customers';
import { memoViewSchema } from '../memos/schema';
import { visitSummarySchema, visitViewSchema } from '../visits/schema';

const storeRef = z.object({ code: z.string(), name: z.string() }).nullable();
const agentRef = z.object({ id: z.string(), name: z.string(), userId: z.string().nullable() }).nullable();
const customerSummary = z.object({
  id: z.string(),
  name: z.string(),
  nameKana: z.string(),
  caution: z.boolean(),
  cautionReason: z.string(),
});

export const callViewSchema = z.object({
  callId: z.string(),
  state: z.enum(CALL_STATES),
  direction: z.enum(['inbound', 'outbound']),
  customerPhone: z.string().nullable(),
  customerPhoneE164: z.string().nullable(),
  incomingNumber: z.string().nullable(),
  incomingNumberE164: z.string().nullable(),
  store: storeRef,
  customerId: z.string().nullable(),
  agent: agentRef,
  answeredBy: agentRef,
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  isTest: z.boolean(),
});
export type CallView = z.infer<typeof callViewSchema>;

// The memo and visit shapes live with their resources; re-exported for the popup's readers.
export { memoViewSchema, visitSummarySchema, visitViewSchema };

/** Everything the popup card shows, in one response. */
export const callDetailSchema = z.object({
  call: callViewSchema,
  customer: customerSummary.nullable(),
  candidates: z.array(customerSummary),
  memos: z.array(memoViewSchema),
  visits: z.array(visitViewSchema),
  visitSummary: visitSummarySchema.nullable(),
  recentCalls: z.array(callViewSchema),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

export const callIdParams = z.object({ callId: z.string().min(1).max(100) });

export const listCallsQuery = z.object({
  store: z.string().max(50).optional(),
  state: z.enum(CALL_STATES).optional(),
  customerId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const callListSchema = z.object({ items: z.array(callViewSchema), nextCursor: z.string().nullable() });

/** How a call ended for the customer's history: null while it is still ringing. */
export const CALL_OUTCOMES = ['answered', 'missed', 'voicemail'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const customerCallSchema = callViewSchema.extend({ outcome: z.enum(CALL_OUTCOMES).nullable() });
export type CustomerCallView = z.infer<typeof customerCallSchema>;
export const customerCallListSchema = z.object({ items: z.array(customerCallSchema), nextCursor: z.string().nullable() });
export const customerCallsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Who the caller is: an existing customer (any string; not a uuid is 404), or a new one made with the call's number. */
export const linkCustomerBody = z
  .object({ customerId: z.string().min(1).max(64).optional(), create: customerCreateSchema.optional() })
  .refine((b) => (b.customerId === undefined) !== (b.create === undefined), { message: 'send either customerId or create' });
