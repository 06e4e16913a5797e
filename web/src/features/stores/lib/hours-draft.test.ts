import { describe, expect, it } from 'vitest';
import { businessHoursSchema } from '../../../../../common/business-hours';
import { ApiError } from '../../../lib/api/http';
import { ja } from '../../../lib/i18n/ja';
import type { MessageKey } from '../../../lib/i18n/ja';
import { fromDraft, toDraft } from './hours-draft';
import { hoursFieldErrors } from './hours-errors';

const t = (key: MessageKey) => ja[key];
const ten20 = [{ open: '10:00', close: '20:00' }];

describe('the hours form draft', () => {
  it('offers 10:00–20:00 every day, switched off, for a store without hours, and sends null while off', () => {
    const draft = toDraft(null);
    expect(draft.enabled).toBe(false);
    expect(draft.timeZone).toBe('Asia/Tokyo');
    expect(draft.days.mon).toEqual({ closed: false, ranges: ten20 });
    expect(fromDraft(draft)).toBeNull();
  });

  it('gives back the hours it was made from, a closed day as no ranges', () => {
    const hours = businessHoursSchema.parse({
      timeZone: 'America/New_York',
      weekly: { mon: ten20, tue: [], wed: ten20, thu: ten20, fri: ten20, sat: [...ten20, { open: '21:00', close: '24:00' }], sun: ten20 },
      closedDates: ['2027-01-01'],
    });
    const draft = toDraft(hours);
    expect(draft.days.tue).toEqual({ closed: true, ranges: [{ open: '10:00', close: '20:00' }] });
    expect(fromDraft(draft)).toEqual(hours);
    expect(fromDraft({ ...draft, days: { ...draft.days, mon: { ...draft.days.mon, closed: true } } })?.weekly.mon).toEqual([]);
  });

  it('puts each refusal of the hours under its weekday, the dates or the zone, in Japanese', () => {
    const err = new ApiError(400, 'validation_failed', 'Validation failed', [
      { field: 'body.hours.weekly.fri.0.close', code: 'close_before_open' },
      { field: 'body.hours.weekly.fri.1.open', code: 'invalid_time' },
      { field: 'body.hours.closedDates.2', code: 'not_a_date' },
      { field: 'body.hours.timeZone', code: 'invalid_time_zone' },
      { field: 'body.name', code: 'too_small' },
    ]);
    expect(hoursFieldErrors(t, err)).toEqual({
      fri: ja['stores.hours.problem.close_before_open'],
      closedDates: ja['stores.hours.problem.not_a_date'],
      timeZone: ja['stores.hours.problem.invalid_time_zone'],
    });
  });
});
