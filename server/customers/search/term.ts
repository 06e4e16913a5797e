import { normalizeForSearch } from '../../../common/kana';
import { toE164 } from '../../../common/phone';

/** What `?q=` asks for: a name/kana, or a phone fragment in any form. */
export type SearchTerm = { kind: 'name'; key: string } | { kind: 'phone'; digits: string; e164: string | null };

const PHONE_LIKE = /^\+?[\d\s().\-‐‑‒–—―−ー]+$/;

/** Reads `?q=`: digits and phone punctuation are a phone fragment, anything else a name; blank is nothing. */
export function parseSearchTerm(q: string | undefined): SearchTerm | null {
  if (q === undefined) return null;
  const text = q.normalize('NFKC').trim();
  if (PHONE_LIKE.test(text) && /\d/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (text.startsWith('+81')) {
      // +81 90… is 090… as people type it (and "+81 (0)90" keeps its zero).
      const rest = digits.slice(2);
      return { kind: 'phone', digits: rest.startsWith('0') ? rest : `0${rest}`, e164: toE164(text) };
    }
    return { kind: 'phone', digits, e164: toE164(text) };
  }
  const key = normalizeForSearch(text);
  return key ? { kind: 'name', key } : null;
}

/** The longest external id an import stores (server/customers/import/row.ts). */
const MAX_EXTERNAL_ID = 100;

/** What `?q=` may be as a 会員番号, matched exactly: as typed (trimmed) and with full-width letters and digits folded. */
export function externalIdTerms(q: string | undefined): string[] {
  const text = q?.trim() ?? '';
  if (text === '' || text.length > MAX_EXTERNAL_ID) return [];
  return [...new Set([text, text.normalize('NFKC').trim()])];
}
