import { type BusinessHoursInput, DEFAULT_TIME_ZONE, WEEKDAYS, type Weekday } from '../../../../../common/business-hours';
import type { Store } from '../../../lib/api/types';

/** The hours as the form edits them: each weekday closed (定休日) or its ranges, as typed. */
export interface HoursDraft {
  enabled: boolean;
  timeZone: string;
  days: Record<Weekday, { closed: boolean; ranges: { open: string; close: string }[] }>;
  closedDates: string[];
}

/** What a new day offers: one range, the hours most stores keep. */
export const DEFAULT_RANGE = { open: '10:00', close: '20:00' };

export function toDraft(hours: Store['hours']): HoursDraft {
  const days = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const ranges = hours?.weekly[day] ?? [];
      // No hours yet: every day open 10:00–20:00 until the admin says otherwise.
      return [day, hours ? { closed: ranges.length === 0, ranges: ranges.length > 0 ? ranges : [DEFAULT_RANGE] } : { closed: false, ranges: [DEFAULT_RANGE] }];
    }),
  ) as HoursDraft['days'];
  return { enabled: hours !== null, timeZone: hours?.timeZone ?? DEFAULT_TIME_ZONE, days, closedDates: hours?.closedDates ?? [] };
}

/** The body's `hours`: null when the store keeps no hours; a closed day's ranges are dropped, not sent. */
export function fromDraft(draft: HoursDraft): BusinessHoursInput | null {
  if (!draft.enabled) return null;
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const d = draft.days[day];
      return [day, d.closed ? [] : d.ranges.map((r) => ({ open: r.open.trim(), close: r.close.trim() }))];
    }),
  ) as BusinessHoursInput['weekly'];
  return { timeZone: draft.timeZone, weekly, closedDates: draft.closedDates.map((d) => d.trim()).filter(Boolean) };
}
