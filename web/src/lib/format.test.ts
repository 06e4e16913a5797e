import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatPhone, formatYen, japanDayBoundary, todayRangeInJapan } from './format';

describe('format', () => {
  it('shows instants in Japan time as 2026/11/24 14:05', () => {
    expect(formatDateTime('2026-11-24T05:05:00Z')).toBe('2026/11/24 14:05');
    expect(formatDateTime('2026-11-24T15:30:00Z')).toBe('2026/11/25 00:30');
  });

  it('shows yen with the yen sign and thousands separators', () => {
    expect(formatYen(12000)).toMatch(/^[￥¥]12,000$/);
  });

  it('shows phone numbers as 090-1234-5678 from national or E.164 forms', () => {
    expect(formatPhone('09012345678')).toBe('090-1234-5678');
    expect(formatPhone('+819012345678')).toBe('090-1234-5678');
    expect(formatPhone('05017481234')).toBe('050-1748-1234');
    expect(formatPhone('')).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(187_000)).toBe('3:07');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('');
  });

  it('computes today in Japan', () => {
    const { from, to } = todayRangeInJapan(new Date('2026-11-24T16:00:00Z'));
    expect(from).toBe('2026-11-24T15:00:00.000Z');
    expect(to).toBe('2026-11-25T15:00:00.000Z');
    expect(japanDayBoundary('2026-11-25', false)).toBe('2026-11-24T15:00:00.000Z');
    expect(japanDayBoundary('2026-11-25', true)).toBe('2026-11-25T15:00:00.000Z');
    expect(japanDayBoundary('nope', true)).toBeUndefined();
  });
});
