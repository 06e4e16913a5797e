import { parseYen } from '../../../../../common/yen';
import type { Visit, VisitInput } from '../../../lib/api/types';
import { TIME_ZONE } from '../../../lib/format';

/** What the visit form holds: text as typed (the amount included, read on submit). */
export interface VisitFormValues {
  /** "2026-11-24T14:05", Japan time (a datetime-local input). */
  visitedAt: string;
  storeCode: string | null;
  menu: string;
  staffName: string;
  amount: string;
  note: string;
}

export type VisitFormErrors = Partial<Record<'visitedAt' | 'amount', 'required' | 'unreadable' | 'too_large'>>;

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a datetime-local value in Japan, where the stores are, whatever the computer's zone. */
export function japanLocalInput(at: Date | string): string {
  const parts = Object.fromEntries(localParts.formatToParts(typeof at === 'string' ? new Date(at) : at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** "2026-11-24T14:05" typed in Japan → an ISO instant. */
const japanLocalToIso = (value: string): string => new Date(`${value}:00+09:00`).toISOString();

/** A new visit: now, at the store given (the customer's 担当店舗, or the call's store). */
export function newVisitValues(storeCode: string | null, now: Date = new Date()): VisitFormValues {
  return { visitedAt: japanLocalInput(now), storeCode, menu: '', staffName: '', amount: '', note: '' };
}

export function visitValues(visit: Visit): VisitFormValues {
  return {
    visitedAt: japanLocalInput(visit.visitedAt),
    storeCode: visit.store?.code ?? null,
    menu: visit.menu,
    staffName: visit.staffName,
    amount: visit.amountYen.toLocaleString('en-US'),
    note: visit.note,
  };
}

/** The body to send, or what is wrong with the form: an amount that cannot be read is never sent as 0. */
export function readVisitForm(values: VisitFormValues): { ok: true; input: Required<VisitInput> } | { ok: false; errors: VisitFormErrors } {
  const errors: VisitFormErrors = {};
  const visitedAtOk = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.visitedAt) && !Number.isNaN(Date.parse(`${values.visitedAt}:00+09:00`));
  if (!visitedAtOk) errors.visitedAt = 'required';
  const amount = parseYen(values.amount);
  if (!amount.ok) errors.amount = amount.reason;
  if (!visitedAtOk || !amount.ok) return { ok: false, errors };
  return {
    ok: true,
    input: {
      visitedAt: japanLocalToIso(values.visitedAt),
      storeCode: values.storeCode,
      menu: values.menu.trim(),
      staffName: values.staffName.trim(),
      amountYen: amount.value,
      note: values.note.trim(),
    },
  };
}
