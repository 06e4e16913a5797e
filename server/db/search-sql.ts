import { type SQL, sql } from 'drizzle-orm';
import { HIRAGANA, KATAKANA } from '../../common/kana';

/*
 * `normalizeForSearch` (common/kana.ts) written in SQL, for generated columns: the database keeps
 * the search keys right whoever writes the row (API, CSV import, merge, test factories).
 * Every function used is IMMUTABLE; `COLLATE "C"` keeps lower() to ASCII as in the TypeScript twin.
 */

const column = (name: string): string => {
  if (!/^[a-z_0-9]+$/.test(name)) throw new Error(`not a column name: ${name}`);
  return `"${name}"`;
};

/** NFKC, katakana → hiragana, ASCII lower case; spaces kept. */
const fold = (name: string): string => `lower(translate(normalize(${column(name)}, NFKC), '${KATAKANA}', '${HIRAGANA}') COLLATE "C")`;
const SEPARATORS = `'[\\t\\n\\v\\f\\r ・]'`;
/** normalizeForSearch(column): no spaces. */
const key = (name: string): string => `regexp_replace(${fold(name)}, ${SEPARATORS}, '', 'g')`;
/** The words of the column, each folded, one space between them. */
const words = (name: string): string => `btrim(regexp_replace(${fold(name)}, ${SEPARATORS.replace(']', ']+')}, ' ', 'g'))`;

/** normalizeForSearch(column) as a generated column. */
export function searchKeySql(name: string): SQL {
  return sql.raw(key(name));
}

/**
 * What the trigram index covers: " <name> <kana> <name words…> <kana words…> ", all folded. The
 * space-free forms serve substring search (LIKE '%やまだはな%'); the words let a one- or
 * two-character key, which has no trigram of its own, match the start of a word (LIKE '% 花子%').
 */
export function searchTextSql(nameColumn: string, kanaColumn: string): SQL {
  return sql.raw(`' ' || ${key(nameColumn)} || ' ' || ${key(kanaColumn)} || ' ' || ${words(nameColumn)} || ' ' || ${words(kanaColumn)} || ' '`);
}

/** Digits a person would type: Japanese numbers in national form (09012345678), others without the "+". */
export function phoneDigitsSql(name: string): SQL {
  const c = column(name);
  return sql.raw(`CASE WHEN ${c} LIKE '+81%' THEN '0' || substr(${c}, 4) ELSE ltrim(${c}, '+') END`);
}
