import { z } from 'zod';
import { storeRefSchema } from './stores';

/** GET /api/reports/calls: per store and Asia/Tokyo day, what came in and why (test calls left out). */

export const REPORT_MAX_DAYS = 366;

export const callReportDaySchema = z.object({
  /** YYYY-MM-DD in Asia/Tokyo. */
  date: z.string(),
  /** Null: calls to a number no store's prefix matched. */
  store: storeRefSchema.nullable(),
  /** Inbound calls. */
  calls: z.number().int(),
  answered: z.number().int(),
  /** Missed or voicemail inbound calls while the store was open. */
  missedDuringHours: z.number().int(),
  /** Missed or voicemail inbound calls while the store was closed. */
  afterHours: z.number().int(),
  /** Call-back tasks closed that day because a call placed for them connected. */
  callbacksReached: z.number().int(),
  /** Calls tagged with each purpose (label → count); every purpose of the list is present, 0 when none. */
  purposes: z.record(z.string(), z.number().int()),
});
export type CallReportDay = z.infer<typeof callReportDaySchema>;

export const callReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Purpose labels in the list's order: the CSV's columns. */
  purposes: z.array(z.string()),
  days: z.array(callReportDaySchema),
});
export type CallReport = z.infer<typeof callReportSchema>;
