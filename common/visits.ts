import { z } from 'zod';
import { storeRefSchema } from './stores';
import { MAX_YEN } from './yen';

/** Visits (usage history) as the API takes and gives them; shared by the server and the web app. */

/** One visit as staff see it. */
export const visitViewSchema = z.object({
  id: z.string(),
  visitedAt: z.string(),
  store: storeRefSchema.nullable(),
  menu: z.string(),
  staffName: z.string(),
  amountYen: z.number(),
  note: z.string(),
  /** The id of the user who recorded it (null once they are deleted): who may change a visit of no store. */
  createdBy: z.string().nullable(),
});
export type VisitView = z.infer<typeof visitViewSchema>;

/** What the popup shows at a glance: how often, when last, how much, and where. */
export const visitSummarySchema = z.object({
  count: z.number(),
  lastVisitAt: z.string().nullable(),
  totalYen: z.number(),
  topStore: storeRefSchema.nullable(),
});
export type VisitSummaryView = z.infer<typeof visitSummarySchema>;

export const visitListSchema = z.object({ items: z.array(visitViewSchema), nextCursor: z.string().nullable() });

/** A browser clock a little ahead of ours must not make "now" a future date. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.parse('1900-01-01T00:00:00Z');

/** Read at validation time, so "the future" is the request's future. */
const visitedAtField = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) <= Date.now() + CLOCK_SKEW_MS, { message: 'Must not be in the future', params: { code: 'in_future' } })
  .refine((v) => Date.parse(v) >= EARLIEST, { message: 'Too far in the past', params: { code: 'too_early' } });

const fields = {
  visitedAt: visitedAtField,
  /** A store's code; null when the store is not known. */
  storeCode: z.string().trim().min(1).max(50).nullable(),
  menu: z.string().trim().max(200),
  staffName: z.string().trim().max(100),
  amountYen: z.number().int().min(0).max(MAX_YEN),
  note: z.string().trim().max(2000),
};

export const createVisitBody = z.strictObject({
  visitedAt: fields.visitedAt,
  storeCode: fields.storeCode.default(null),
  menu: fields.menu.default(''),
  staffName: fields.staffName.default(''),
  amountYen: fields.amountYen.default(0),
  note: fields.note.default(''),
});

export const updateVisitBody = z
  .strictObject({
    visitedAt: fields.visitedAt.optional(),
    storeCode: fields.storeCode.optional(),
    menu: fields.menu.optional(),
    staffName: fields.staffName.optional(),
    amountYen: fields.amountYen.optional(),
    note: fields.note.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'send at least one field' });
