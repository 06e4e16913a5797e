import { describe, expect, it } from 'vitest';
import { type BusinessHours, businessHoursSchema, isOpenAt, localTime } from './business-hours';

const ten20 = [{ open: '10:00', close: '20:00' }];
/** Open 10–20 every day but Wednesday (定休日), closed on New Year's Day. */
const tokyo: BusinessHours = businessHoursSchema.parse({
  weekly: { mon: ten20, tue: ten20, wed: [], thu: ten20, fri: ten20, sat: ten20, sun: ten20 },
  closedDates: ['2027-01-01'],
});

describe('isOpenAt', () => {
  it('counts every moment as open when a store has no hours', () => {
    expect(isOpenAt(null, new Date('2026-12-02T18:00:00Z'))).toBe(true);
  });

  it('reads the hours in Asia/Tokyo by default, across the UTC day boundary', () => {
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    // Thursday 2026-12-03 in Tokyo.
    expect(isOpenAt(tokyo, new Date('2026-12-03T00:59:00Z'))).toBe(false); // 09:59 JST
    expect(isOpenAt(tokyo, new Date('2026-12-03T01:00:00Z'))).toBe(true); // 10:00 JST opens
    expect(isOpenAt(tokyo, new Date('2026-12-03T06:00:00Z'))).toBe(true); // 15:00 JST
    expect(isOpenAt(tokyo, new Date('2026-12-03T10:59:00Z'))).toBe(true); // 19:59 JST
    expect(isOpenAt(tokyo, new Date('2026-12-03T11:00:00Z'))).toBe(false); // 20:00 JST closes
    expect(isOpenAt(tokyo, new Date('2026-12-03T14:00:00Z'))).toBe(false); // 23:00 JST
    // 16:00 UTC on Thursday is already 01:00 on Friday in Tokyo: closed, then Friday's 10:00 opens.
    expect(localTime('Asia/Tokyo', new Date('2026-12-03T16:00:00Z'))).toEqual({ date: '2026-12-04', weekday: 'fri', minutes: 60 });
    expect(isOpenAt(tokyo, new Date('2026-12-04T01:30:00Z'))).toBe(true);
  });

  it('is closed all day on the weekly closed day', () => {
    // Wednesday 2026-12-02, 15:00 JST.
    expect(isOpenAt(tokyo, new Date('2026-12-02T06:00:00Z'))).toBe(false);
  });

  it('is closed all day on a closed date, whatever its weekday', () => {
    // 2027-01-01 is a Friday: 15:00 JST closed, and 15:00 JST the day after open again.
    expect(isOpenAt(tokyo, new Date('2027-01-01T06:00:00Z'))).toBe(false);
    expect(isOpenAt(tokyo, new Date('2027-01-02T06:00:00Z'))).toBe(true);
    // 2026-12-31 15:00 UTC is already 2027-01-01 00:00 in Tokyo.
    expect(localTime('Asia/Tokyo', new Date('2026-12-31T15:00:00Z')).date).toBe('2027-01-01');
  });

  it('reads a store in another zone in its own zone', () => {
    const ny = businessHoursSchema.parse({ ...tokyo, timeZone: 'America/New_York', closedDates: [] });
    // 15:00 UTC is 10:00 in New York (EST, winter) on Thursday, but 00:00 Friday in Tokyo.
    expect(isOpenAt(ny, new Date('2026-12-03T15:00:00Z'))).toBe(true);
    expect(isOpenAt(tokyo, new Date('2026-12-03T15:00:00Z'))).toBe(false);
    // 14:30 UTC is 09:30 in New York: not yet.
    expect(isOpenAt(ny, new Date('2026-12-03T14:30:00Z'))).toBe(false);
    // Summer time: 14:00 UTC on Thursday 2026-07-02 is 10:00 EDT.
    expect(isOpenAt(ny, new Date('2026-07-02T14:00:00Z'))).toBe(true);
  });

  it('opens in each of several ranges of a day and is closed between them', () => {
    const split = businessHoursSchema.parse({
      weekly: { mon: [{ open: '17:00', close: '24:00' }, { open: '11:00', close: '14:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    });
    expect(split.weekly.mon.map((r) => r.open)).toEqual(['11:00', '17:00']);
    // Monday 2026-11-30 in Tokyo.
    expect(isOpenAt(split, new Date('2026-11-30T03:00:00Z'))).toBe(true); // 12:00
    expect(isOpenAt(split, new Date('2026-11-30T06:00:00Z'))).toBe(false); // 15:00
    expect(isOpenAt(split, new Date('2026-11-30T14:59:00Z'))).toBe(true); // 23:59
    expect(isOpenAt(split, new Date('2026-11-30T15:00:00Z'))).toBe(false); // 00:00 Tuesday
  });
});

describe('businessHoursSchema', () => {
  const week = { mon: ten20, tue: ten20, wed: ten20, thu: ten20, fri: ten20, sat: ten20, sun: ten20 };
  const codes = (input: unknown) => {
    const result = businessHoursSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), (i as { params?: { code?: string } }).params?.code ?? i.code]);
  };

  it('refuses bad times, ranges past midnight, overlaps, unknown zones and dates with a code each', () => {
    expect(codes({ weekly: { ...week, mon: [{ open: '9:00', close: '25:00' }] } })).toEqual([
      ['weekly.mon.0.open', 'invalid_time'],
      ['weekly.mon.0.close', 'invalid_time'],
    ]);
    expect(codes({ weekly: { ...week, fri: [{ open: '18:00', close: '02:00' }] } })).toEqual([['weekly.fri.0.close', 'close_before_open']]);
    expect(codes({ weekly: { ...week, sat: [{ open: '10:00', close: '15:00' }, { open: '14:00', close: '20:00' }] } })).toEqual([['weekly.sat.1.open', 'ranges_overlap']]);
    expect(codes({ weekly: week, timeZone: 'Mars/Olympus' })).toEqual([['timeZone', 'invalid_time_zone']]);
    expect(codes({ weekly: week, closedDates: ['2027-02-30', '2027/01/01'] })).toEqual([
      ['closedDates.0', 'not_a_date'],
      ['closedDates.1', 'not_a_date'],
    ]);
  });

  it('sorts and de-duplicates closed dates', () => {
    expect(businessHoursSchema.parse({ weekly: week, closedDates: ['2027-01-03', '2027-01-01', '2027-01-03'] }).closedDates).toEqual(['2027-01-01', '2027-01-03']);
  });
});
