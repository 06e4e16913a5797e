/**
 * Search normalisation for Japanese names, shared by the server (queries), the database (the
 * generated `search_*` columns mirror it in SQL, see server/db/search-sql.ts) and the web app.
 */

const range = (from: number, to: number): string => String.fromCharCode(...Array.from({ length: to - from + 1 }, (_, i) => from + i));

/** Katakana that have a hiragana twin (ァ..ヶ, ヽ, ヾ); the twin is 0x60 code points lower. */
export const KATAKANA = `${range(0x30a1, 0x30f6)}ヽヾ`;
/** The hiragana twins of KATAKANA, in the same order. */
export const HIRAGANA = `${range(0x3041, 0x3096)}ゝゞ`;

/** Characters a search ignores: ASCII white space (NFKC already turned the ideographic space into one) and the middle dot. */
export const IGNORED_IN_SEARCH = /[\t\n\v\f\r ・]/g;

/** Katakana to hiragana; other characters are kept (ヷ..ヺ and ー have no twin). */
export function toHiragana(input: string): string {
  return input.replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/**
 * The form names are compared in: NFKC (full-width Latin and digits to ASCII, half-width ｶﾀｶﾅ to
 * full-width), katakana to hiragana, ASCII lower case, white space and ・ removed.
 * `normalizeForSearch('ﾔﾏﾀﾞ ﾊﾅｺ') === normalizeForSearch('やまだ はなこ') === 'やまだはなこ'`.
 */
export function normalizeForSearch(input: string): string {
  return toHiragana(input.normalize('NFKC'))
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(IGNORED_IN_SEARCH, '');
}
