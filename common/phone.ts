import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Full-width characters are their ASCII twin 0xfee0 code points higher (０ → 0). */
const fromFullWidth = (c: string): string => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

/** Full-width digits and ＋, as a Japanese IME types them, to ASCII; nothing else changes. */
export function halfWidthDigits(input: string): string {
  return /[０-９＋]/.test(input) ? input.replace(/[０-９＋]/g, fromFullWidth) : input;
}

/** The dashes people and IMEs put inside numbers (long vowel mark, minus, en and em dash, ...). */
export const DASHES = 'ー―‐‑−–—－';

/** Full-width digits and symbols (as typed on a Japanese IME) to ASCII. */
function toHalfWidth(input: string): string {
  return halfWidthDigits(input)
    .replace(/[（）]/g, fromFullWidth)
    .replace(new RegExp(`[${DASHES}]`, 'g'), '-');
}

/**
 * Parses a phone number written in any common Japanese form (090-1234-5678, 09012345678,
 * +81 90 1234 5678, full-width digits) to E.164, or null when it cannot be a number.
 */
export function toE164(input: string | null | undefined): string | null {
  if (!input) return null;
  const cleaned = toHalfWidth(input.trim());
  if (!/^[+\d][\d\s().-]*$/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, 'JP');
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** E.164 to Japan's national digits (+815017481234 → 05017481234); other countries keep E.164. */
export function toNational(e164: string | null | undefined): string | null {
  if (!e164) return null;
  if (e164.startsWith('+81')) return `0${e164.slice(3)}`;
  return e164;
}

/** For people: 090-1234-5678, 03-1234-5678, 050-1748-1234. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164, 'JP');
  if (!parsed) return e164;
  return parsed.country === 'JP' || e164.startsWith('+81') ? parsed.formatNational() : parsed.formatInternational();
}

/** For logs: 090-****-5678. Keeps the last four digits so operators can still match calls. */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '****';
  return `${toNational(value.startsWith('+') ? value : null)?.slice(0, 3) ?? digits.slice(0, 3)}-****-${digits.slice(-4)}`;
}
