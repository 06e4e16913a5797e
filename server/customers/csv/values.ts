import { toE164 } from '../../../common/phone';

/** Reading and writing single CSV cells the way Japanese spreadsheets hold them. */

/**
 * Characters that make Excel read a cell as a formula (CSV injection); the export prefixes such
 * cells with '. Excel in Japan takes the full-width ＝ ＋ － ＠ (typed with the IME on) as the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** A cell as the export writes it: one that Excel would run as a formula is prefixed with an apostrophe. */
export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `escapeCell`, so export → import gives back what was exported; trims white space around the value. */
export function readCell(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * The numbers in a cell: separated by / ・ , 、 or white space. A piece with spaces that is one
 * number as a whole ("090 1234 5678", "+81 90 1234 5678") stays one number.
 */
export function splitPhones(cell: string): string[] {
  return cell
    .normalize('NFKC')
    .split(/[/・,、;]+/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .flatMap((piece) => (/\s/.test(piece) && !toE164(piece) ? piece.split(/\s+/) : [piece]));
}

/** Tags separated by , 、 or / (full-width forms included). */
export function splitTags(cell: string): string[] {
  return cell
    .normalize('NFKC')
    .split(/[,、/]+/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

const ERAS: Record<string, number> = { 明治: 1867, 大正: 1911, 昭和: 1925, 平成: 1988, 令和: 2018, m: 1867, t: 1911, s: 1925, h: 1988, r: 2018 };
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A birthday as written in Japan → YYYY-MM-DD (not yet checked to be a real, past date), or
 * null when the form is not one we read: 1990/01/02, 1990-1-2, 1990.1.2, 1990年1月2日,
 * 19900102, 平成2年1月2日 or H2.1.2; Excel's " 0:00" time part is ignored.
 */
export function parseBirthday(cell: string): string | null {
  const text = cell
    .normalize('NFKC')
    .trim()
    .replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, '')
    .toLowerCase();
  let m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  m = /^(明治|大正|昭和|平成|令和|[mtshr])\s*(\d{1,2}|元)\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})\s*日?$/.exec(text);
  if (m) {
    const year = ERAS[m[1]!]! + (m[2] === '元' ? 1 : Number(m[2]));
    return `${year}-${pad(Number(m[3]))}-${pad(Number(m[4]))}`;
  }
  return null;
}

const YES = new Set(['はい', '○', '〇', '◯', '●', '◎', '1', 'true', 'yes', 'y', 'on', '有', 'あり', '要注意', '✓', '✔']);
const NO = new Set(['いいえ', '×', '✕', '0', 'false', 'no', 'n', 'off', '無', 'なし', '-']);

/** 要注意 as a spreadsheet says it (はい, ○, 1, true / いいえ, ×, 0, false); undefined when the cell says neither. */
export function parseCaution(cell: string): boolean | undefined {
  const value = cell.normalize('NFKC').trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return undefined;
}
