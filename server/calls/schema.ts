import { z } from 'zod';
import { CALL_STATES } from '../../common/calls';

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

export const memoViewSchema = z.object({
  id: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  callId: z.string().nullable(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const visitViewSchema = z.object({
  id: z.string(),
  visitedAt: z.string(),
  store: storeRef,
  menu: z.string(),
  staffName: z.string(),
  amountYen: z.number(),
  note: z.string(),
});

export const visitSummarySchema = z.object({
  count: z.number(),
  lastVisitAt: z.string().nullable(),
  totalYen: z.number(),
  topStore: storeRef,
});

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
