import { z } from 'zod';

/**
 * A store's opening hours: open–close ranges per weekday (none: closed that day, 定休日), dates it is
 * closed (休業日), and the time zone they are read in. A range ends on the day it starts: one that
 * would run past midnight is refused; write it as `18:00–24:00` and `00:00–02:00` on the next day.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** Why a field of the hours was refused (`details[].code`), for clients to word. */
export const HOURS_PROBLEM_MESSAGES = {
  invalid_time: 'must be a time HH:MM between 00:00 and 24:00, e.g. 10:00',
  close_before_open: 'must close after it opens, on the same day (past midnight: add 00:00–close on the next day)',
  ranges_overlap: 'must not overlap another range of the same day',
  invalid_time_zone: 'must be an IANA time zone, e.g. Asia/Tokyo',
  not_a_date: 'must be a date YYYY-MM-DD, e.g. 2026-01-01',
} as const;
export type HoursProblem = keyof typeof HOURS_PROBLEM_MESSAGES;

const problem = (ctx: z.RefinementCtx, code: HoursProblem, path: (string | number)[] = []) =>
  ctx.addIssue({ code: 'custom', message: HOURS_PROBLEM_MESSAGES[code], params: { code }, path });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** `10:30` → 630. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

const timeSchema = z.string().superRefine((v, ctx) => {
  if (!TIME.test(v)) problem(ctx, 'invalid_time');
});

export const timeRangeSchema = z
  .strictObject({ open: timeSchema, close: timeSchema })
  .superRefine((range, ctx) => {
    if (TIME.test(range.open) && TIME.test(range.close) && minutesOf(range.close) <= minutesOf(range.open)) problem(ctx, 'close_before_open', ['close']);
  });
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** A day's ranges, earliest first; overlapping ranges are refused rather than merged (a typo, most likely). */
const dayRangesSchema = z
  .array(timeRangeSchema)
  .max(4)
  .superRefine((ranges, ctx) => {
    const sorted = ranges.map((r, i) => ({ ...r, i })).sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
    for (let k = 1; k < sorted.length; k++) {
      if (minutesOf(sorted[k]!.open) < minutesOf(sorted[k - 1]!.close)) problem(ctx, 'ranges_overlap', [sorted[k]!.i, 'open']);
    }
  })
  .transform((ranges) => [...ranges].sort((a, b) => minutesOf(a.open) - minutesOf(b.open)));

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZoneSchema = z
  .string()
  .max(64)
  .superRefine((v, ctx) => {
    if (!isTimeZone(v)) problem(ctx, 'invalid_time_zone');
  });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateSchema = z.string().superRefine((v, ctx) => {
  const parsed = new Date(`${v}T00:00:00Z`);
  if (!DATE.test(v) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== v) problem(ctx, 'not_a_date');
});

export const businessHoursSchema = z.strictObject({
  timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
  weekly: z.strictObject({
    mon: dayRangesSchema,
    tue: dayRangesSchema,
    wed: dayRangesSchema,
    thu: dayRangesSchema,
    fri: dayRangesSchema,
    sat: dayRangesSchema,
    sun: dayRangesSchema,
  }),
  /** Sorted, each once. */
  closedDates: z
    .array(dateSchema)
    .max(400)
    .default([])
    .transform((dates) => [...new Set(dates)].sort()),
});
/** As stored and answered (defaults filled in, ranges and dates sorted). */
export type BusinessHours = z.output<typeof businessHoursSchema>;
/** As a client may send it. */
export type BusinessHoursInput = z.input<typeof businessHoursSchema>;

/** The hours as the API answers them (already valid: no refinements, no defaults). */
const rangeViewSchema = z.object({ open: z.string(), close: z.string() });
export const businessHoursViewSchema = z.object({
  timeZone: z.string(),
  weekly: z.object({
    mon: z.array(rangeViewSchema),
    tue: z.array(rangeViewSchema),
    wed: z.array(rangeViewSchema),
    thu: z.array(rangeViewSchema),
    fri: z.array(rangeViewSchema),
    sat: z.array(rangeViewSchema),
    sun: z.array(rangeViewSchema),
  }),
  closedDates: z.array(z.string()),
});

const formatters = new Map<string, Intl.DateTimeFormat>();
/** One formatter per zone: building one costs far more than using it, and this runs on every missed call. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_BY_SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** The wall clock in a zone at an instant: its date (YYYY-MM-DD), weekday and minute of the day. */
export function localTime(timeZone: string, at: Date): { date: string; weekday: Weekday; minutes: number } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAY_BY_SHORT[parts.weekday ?? ''] ?? 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether a store with these hours is open at `at`. No hours set: always open (every call counts as during hours). */
export function isOpenAt(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const local = localTime(hours.timeZone, at);
  if (hours.closedDates.includes(local.date)) return false;
  return hours.weekly[local.weekday].some((r) => minutesOf(r.open) <= local.minutes && local.minutes < minutesOf(r.close));
}
