import { and, asc, eq, inArray, like, type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { normalizeForSearch } from '../../common/kana';
import { toE164 } from '../../common/phone';
import type { Executor } from '../db/client';
import { customerPhones, customers } from '../db/schema';
import { badRequest } from '../http/errors';
import { type CustomerRecord, homeStoreOf, phonesOf, selectCustomers } from './rows';

/**
 * Customer search. Names and kana are matched on the generated `search_text` column, phones on
 * `customer_phones.digits`, each through a trigram GIN index (LIKE); exact numbers through the
 * btree on e164. Best matches first (rank: exact, prefix, the rest), then あいうえお順.
 */

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

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Where a page ends: the last row's rank and sort key. Opaque to clients. */
interface Cursor {
  rank: number;
  kana: string;
  name: string;
  id: string;
}

const cursorSchema = z.tuple([z.number().int().min(0).max(9), z.string(), z.string(), z.uuid()]);

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.kana, c.name, c.id])).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const [rank, kana, name, id] = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { rank, kana, name, id };
  } catch {
    throw badRequest('querystring.cursor: not a cursor this list gave out', [{ field: 'querystring.cursor', message: 'Unknown cursor' }]);
  }
}

export interface SearchParams {
  term: SearchTerm | null;
  /** Only the holders of this number (E.164). */
  phoneE164?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** SearchParams with `?phone=` already resolved to its holders' ids. */
export type HitsParams = Omit<SearchParams, 'phoneE164'> & { holderIds?: string[] | undefined };

export interface SearchPage {
  records: CustomerRecord[];
  nextCursor: string | null;
}

export interface Hit {
  id: string;
  rank: number;
  kana: string | null;
  name: string | null;
}

/** The query for one page of hits (plus one, to tell whether more follow); a builder, so bench/ can EXPLAIN it. */
export function hitsQuery(db: Executor, params: HitsParams): SQLWrapper & PromiseLike<Hit[]> {
  const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
  const holders = params.holderIds === undefined ? undefined : inArray(customers.id, params.holderIds);
  // Row comparison in the ORDER BY's own terms, so each page starts right after the previous one.
  const keyset = (rank?: SQL) =>
    after &&
    (rank
      ? sql`(${rank}, ${customers.searchKana}, ${customers.searchName}, ${customers.id}) > (${after.rank}::int, ${after.kana}::text, ${after.name}::text, ${after.id}::uuid)`
      : sql`(${customers.searchKana}, ${customers.searchName}, ${customers.id}) > (${after.kana}::text, ${after.name}::text, ${after.id}::uuid)`);
  const order = [asc(customers.searchKana), asc(customers.searchName), asc(customers.id)];
  const columns = { id: customers.id, kana: customers.searchKana, name: customers.searchName };
  const take = params.limit + 1;
  const term = params.term;

  if (term === null) {
    // No term: everyone (or the number's holders) in あいうえお順, walking customers_sort_idx.
    return db
      .select({ ...columns, rank: sql<number>`0` })
      .from(customers)
      .where(and(holders, keyset()))
      .orderBy(...order)
      .limit(take);
  }
  if (term.kind === 'name') {
    const exact = term.key;
    const prefix = `${escapeLike(term.key)}%`;
    // Trigrams need three characters: a shorter key matches the start of a word (田中, 花子, はな).
    const contains = [...term.key].length >= 3 ? `%${escapeLike(term.key)}%` : `% ${escapeLike(term.key)}%`;
    const rank = sql<number>`(CASE WHEN ${customers.searchName} = ${exact} OR ${customers.searchKana} = ${exact} THEN 0
      WHEN ${customers.searchName} LIKE ${prefix} OR ${customers.searchKana} LIKE ${prefix} THEN 1 ELSE 2 END)`;
    return db
      .select({ ...columns, rank })
      .from(customers)
      .where(and(like(customers.searchText, contains), holders, keyset(rank)))
      .orderBy(rank, ...order)
      .limit(take);
  }
  {
    const prefix = `${escapeLike(term.digits)}%`;
    const suffix = `%${escapeLike(term.digits)}`;
    // One or two digits have no trigram: they match the start of a number only.
    const contains = term.digits.length >= 3 ? `%${escapeLike(term.digits)}%` : prefix;
    // Exact number first, then numbers starting or ending (last four digits) with the fragment.
    const phoneRank = sql<number>`min(CASE WHEN ${customerPhones.e164} = ${term.e164 ?? ''} THEN 0
      WHEN ${customerPhones.digits} LIKE ${prefix} OR ${customerPhones.digits} LIKE ${suffix} THEN 1 ELSE 2 END)`;
    const matched = db
      .select({ customerId: customerPhones.customerId, rank: phoneRank.as('rank') })
      .from(customerPhones)
      .where(like(customerPhones.digits, contains))
      .groupBy(customerPhones.customerId)
      .as('matched');
    const rank = sql<number>`${matched.rank}`;
    return db
      .select({ ...columns, rank })
      .from(matched)
      .innerJoin(customers, eq(customers.id, matched.customerId))
      .where(and(holders, keyset(rank)))
      .orderBy(rank, ...order)
      .limit(take);
  }
}

/** One page of customers matching the term (and number), best first; `nextCursor` null on the last page. */
export async function searchCustomers(db: Executor, params: SearchParams): Promise<SearchPage> {
  const { phoneE164, ...rest } = params;
  // A number has a handful of holders: fetching them first keeps the plan an index lookup even
  // where the planner has no statistics (PGlite runs no autoanalyze).
  const holderIds = phoneE164 === undefined ? undefined : await holdersOf(db, phoneE164);
  if (holderIds?.length === 0) return { records: [], nextCursor: null };
  const hits = await hitsQuery(db, { ...rest, holderIds });
  const page = hits.slice(0, params.limit);
  const last = hits.length > params.limit ? page[page.length - 1] : undefined;
  return {
    records: await loadRecords(db, page.map((h) => h.id)),
    nextCursor: last ? encodeCursor({ rank: Number(last.rank), kana: last.kana ?? '', name: last.name ?? '', id: last.id }) : null,
  };
}

async function holdersOf(db: Executor, e164: string): Promise<string[]> {
  const rows = await db.select({ id: customerPhones.customerId }).from(customerPhones).where(eq(customerPhones.e164, e164));
  return rows.map((r) => r.id);
}

/** Full rows and phones for ids, in the ids' order: two queries, whatever the page size. */
async function loadRecords(db: Executor, ids: string[]): Promise<CustomerRecord[]> {
  if (ids.length === 0) return [];
  const [rows, phones] = await Promise.all([selectCustomers(db).where(inArray(customers.id, ids)), phonesOf(db, ids)]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ row, phones: phones.get(id) ?? [], homeStore: homeStoreOf(row) }] : [];
  });
}
