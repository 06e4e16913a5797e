import { formatPhone as formatE164, toE164 } from '../../../common/phone';

/** Everything is shown in the stores' time zone, whatever the computer's clock says. */
export const TIME_ZONE = 'Asia/Tokyo';

const dateTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('ja-JP', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeOnly = new Intl.DateTimeFormat('ja-JP', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });

const toDate = (value: string | Date): Date => (typeof value === 'string' ? new Date(value) : value);

/** 2026/11/24 14:05 (Japan time). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return dateTime.format(toDate(value));
}

/** 2026/11/24 (Japan time). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  return dateOnly.format(toDate(value));
}

/** 14:05 (Japan time). */
export function formatTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return timeOnly.format(toDate(value));
}

/** ￥12,000 */
export function formatYen(amount: number): string {
  return yen.format(amount);
}

/** 3:07 or 1:02:03 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Any form of a number (national 09012345678 or E.164) as people read it: 090-1234-5678. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const e164 = value.startsWith('+') ? value : toE164(value);
  return e164 ? formatE164(e164) : value;
}

/** The start and end of today in Japan, as ISO instants (for "today's calls"). */
export function todayRangeInJapan(now: Date = new Date()): { from: string; to: string } {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const from = new Date(`${day}T00:00:00+09:00`);
  const to = new Date(from.getTime() + 24 * 60 * 60 * 1000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** A YYYY-MM-DD date typed in a form, as the ISO instant it starts (or ends) in Japan. */
export function japanDayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = new Date(`${day}T00:00:00+09:00`);
  if (Number.isNaN(start.getTime())) return undefined;
  return (end ? new Date(start.getTime() + 24 * 60 * 60 * 1000) : start).toISOString();
}
