import { and, asc, eq, inArray, like, or, type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client';
import { customerPhones, customers } from '../../db/schema';
import { cursorCodec } from '../../http/cursor';
import { type CustomerRecord, loadRecords } from '../rows';
import type { SearchTerm } from './term';

/**
 * Customer search. Names and kana are matched on the generated `search_text` column, phones on
 * `customer_phones.digits`, each through a trigram GIN index (LIKE); exact numbers through the
 * btree on e164; a 会員番号 exactly, through the unique index on external_id. Best matches first
 * (rank: exact, prefix, the rest), then あいうえお順.
 */

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Where a page ends: the last row's rank and sort key. Opaque to clients. */
const searchCursor = cursorCodec(
  z.codec(z.tuple([z.number().int().min(0).max(9), z.string(), z.string(), z.uuid()]), z.object({ rank: z.number(), kana: z.string(), name: z.string(), id: z.string() }), {
    decode: ([rank, kana, name, id]) => ({ rank, kana, name, id }),
    encode: ({ rank, kana, name, id }): [number, string, string, string] => [rank, kana, name, id],
  }),
);

export interface SearchParams {
  term: SearchTerm | null;
  /** What the term is as a 会員番号 (externalIdTerms): customers with one of these external ids match exactly. */
  externalIds?: string[] | undefined;
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
  const after = params.cursor === undefined ? undefined : searchCursor.decode(params.cursor);
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
  const external = params.externalIds?.length ? inArray(customers.externalId, params.externalIds) : undefined;

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
    const rank = sql<number>`(CASE WHEN ${customers.searchName} = ${exact} OR ${customers.searchKana} = ${exact} OR ${external ?? sql`false`} THEN 0
      WHEN ${customers.searchName} LIKE ${prefix} OR ${customers.searchKana} LIKE ${prefix} THEN 1 ELSE 2 END)`;
    // A BitmapOr of the trigram index and the external id's.
    const matches = external ? or(like(customers.searchText, contains), external) : like(customers.searchText, contains);
    return db
      .select({ ...columns, rank })
      .from(customers)
      .where(and(matches, holders, keyset(rank)))
      .orderBy(rank, ...order)
      .limit(take);
  }
  {
    const prefix = `${escapeLike(term.digits)}%`;
    const suffix = `%${escapeLike(term.digits)}`;
    // One or two digits have no trigram: they match the start of a number only.
    const contains = term.digits.length >= 3 ? `%${escapeLike(term.digits)}%` : prefix;
    // Exact number (or 会員番号) first, then numbers starting or ending (last four digits) with the fragment.
    const phoneRank = sql<number>`CASE WHEN ${customerPhones.e164} = ${term.e164 ?? ''} THEN 0
      WHEN ${customerPhones.digits} LIKE ${prefix} OR ${customerPhones.digits} LIKE ${suffix} THEN 1 ELSE 2 END`;
    const phoneHits = db
      .select({ customerId: customerPhones.customerId, rank: phoneRank.as('rank') })
      .from(customerPhones)
      .where(like(customerPhones.digits, contains));
    // A member number of digits only reads as a phone fragment: its holder is a hit too.
    const hits = (
      external ? phoneHits.unionAll(db.select({ customerId: customers.id, rank: sql<number>`0`.as('rank') }).from(customers).where(external)) : phoneHits
    ).as('hits');
    const matched = db
      .select({ customerId: hits.customerId, rank: sql<number>`min(${hits.rank})`.as('rank') })
      .from(hits)
      .groupBy(hits.customerId)
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
    nextCursor: last ? searchCursor.encode({ rank: Number(last.rank), kana: last.kana ?? '', name: last.name ?? '', id: last.id }) : null,
  };
}

async function holdersOf(db: Executor, e164: string): Promise<string[]> {
  const rows = await db.select({ id: customerPhones.customerId }).from(customerPhones).where(eq(customerPhones.e164, e164));
  return rows.map((r) => r.id);
}
