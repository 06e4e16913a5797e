/** Yen amounts as people type them: ５５００, 5,500, ５，５００, ¥5,500, 5500円. */

/** The most a visit can cost (the column is a 32-bit integer; no visit costs a hundred million yen). */
export const MAX_YEN = 100_000_000;

export type YenParse = { ok: true; value: number } | { ok: false; reason: 'unreadable' | 'too_large' };

/** Digits, optionally grouped by commas in threes. */
const AMOUNT = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * Reads a typed amount in whole yen. Full-width digits and commas are folded (NFKC), a leading ¥/￥
 * and a trailing 円 are allowed, spaces ignored; an empty field is 0. Anything else (decimals,
 * letters, a minus sign, commas in the wrong places) is unreadable: never silently 0.
 */
export function parseYen(input: string): YenParse {
  const text = input
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[¥\\]/, '')
    .replace(/円$/, '');
  if (input.trim() === '') return { ok: true, value: 0 };
  if (!AMOUNT.test(text)) return { ok: false, reason: 'unreadable' };
  const value = Number(text.replace(/,/g, ''));
  if (!Number.isSafeInteger(value) || value > MAX_YEN) return { ok: false, reason: 'too_large' };
  return { ok: true, value };
}
