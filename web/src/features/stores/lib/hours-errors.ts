import { WEEKDAYS, type Weekday } from '../../../../../common/business-hours';
import type { MessageKey } from '../../../lib/i18n/ja';
import { errorDetails } from '../../../lib/i18n/errors';
import type { Translate } from '../../../lib/i18n/i18n';

/** Where a problem of the hours shows: under a weekday's row, the closed dates, the zone, or the section. */
export type HoursField = Weekday | 'closedDates' | 'timeZone' | 'section';

const PROBLEMS: Record<string, MessageKey> = {
  invalid_time: 'stores.hours.problem.invalid_time',
  close_before_open: 'stores.hours.problem.close_before_open',
  ranges_overlap: 'stores.hours.problem.ranges_overlap',
  invalid_time_zone: 'stores.hours.problem.invalid_time_zone',
  not_a_date: 'stores.hours.problem.not_a_date',
};

function fieldOf(path: string[]): HoursField {
  const [head, day] = path;
  if (head === 'weekly' && WEEKDAYS.includes(day as Weekday)) return day as Weekday;
  if (head === 'closedDates' || head === 'timeZone') return head;
  return 'section';
}

/** The API's refusals of `body.hours.*`, worded in the person's language, one per place (the first wins). */
export function hoursFieldErrors(t: Translate, err: unknown): Partial<Record<HoursField, string>> {
  const out: Partial<Record<HoursField, string>> = {};
  for (const detail of errorDetails(err)) {
    if (detail.field !== 'body.hours' && !detail.field.startsWith('body.hours.')) continue;
    const field = fieldOf(detail.field.split('.').slice(2));
    out[field] ??= t(PROBLEMS[detail.code] ?? 'stores.hours.problem.other');
  }
  return out;
}
