/**
 * What Dialpad's shared contact for one customer says (PUT /contacts, keyed by our customer id as
 * `uid`). Dialpad's apps show it on an incoming call, often on a desk phone's small screen, so the
 * label is short: family name, given name, and `⚠ 西船橋店` (a caution flag and the home store).
 */

/** The customer as the contact needs it, read when the row is sent (never a stale copy). */
export interface ContactSource {
  id: string;
  name: string;
  email: string | null;
  caution: boolean;
  /** E.164, in the customer's order (the first is Dialpad's primary phone). */
  phones: readonly string[];
  homeStoreName: string | null;
}

/** The body of PUT /contacts (Dialpad's CreateContactMessageWithUid); every field is sent, so an update also clears. */
export interface DialpadContactBody {
  uid: string;
  first_name: string;
  last_name: string;
  phones: string[];
  emails: string[];
  company_name: string;
}

/**
 * Dialpad's spec marks these fields "[single-line only]" and publishes no length; these caps keep
 * the label readable on a phone and well inside any limit (docs/dialpad.md).
 */
export const CONTACT_LIMITS = { lastName: 40, firstName: 40, companyName: 40, phones: 10, emails: 3 } as const;

export const CAUTION_MARK = '⚠';
/** Shown when a flagged customer has no home store, so the mark never stands alone. */
export const CAUTION_WORD = '要注意';

const E164 = /^\+[1-9]\d{1,14}$/;

/** One line: control characters and line breaks become spaces, runs of spaces one, ends trimmed. */
function singleLine(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** At most `max` characters, counted as people see them (a surrogate pair is one). */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** 山田 花子 / 山田(full-width space)花子 → last 山田, first 花子 (Japanese order: family name first); one word is the last name. */
export function splitName(name: string): { lastName: string; firstName: string } {
  const words = singleLine(name).split(' ').filter(Boolean);
  const [last = '', ...rest] = words;
  return { lastName: last, firstName: rest.join(' ') };
}

/** `⚠ 西船橋店` for a flagged customer, the home store's name otherwise, '' when neither. */
export function companyLabel(caution: boolean, homeStoreName: string | null): string {
  const store = singleLine(homeStoreName ?? '');
  if (!caution) return clip(store, CONTACT_LIMITS.companyName);
  return clip(`${CAUTION_MARK} ${store || CAUTION_WORD}`, CONTACT_LIMITS.companyName);
}

export function toDialpadContact(source: ContactSource): DialpadContactBody {
  const { lastName, firstName } = splitName(source.name);
  const email = source.email?.trim() ?? '';
  return {
    uid: source.id,
    // Dialpad requires a last name; a customer always has a name, but never send it empty.
    last_name: clip(lastName, CONTACT_LIMITS.lastName) || '-',
    first_name: clip(firstName, CONTACT_LIMITS.firstName),
    phones: [...new Set(source.phones.filter((p) => E164.test(p)))].slice(0, CONTACT_LIMITS.phones),
    emails: email.includes('@') ? [email].slice(0, CONTACT_LIMITS.emails) : [],
    company_name: companyLabel(source.caution, source.homeStoreName),
  };
}
