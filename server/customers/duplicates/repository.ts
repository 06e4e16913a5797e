import { and, asc, count, gt, inArray, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DuplicateReason } from '../../../common/customers';
import { type Executor, queryRows } from '../../db/client';
import { calls, customerPhones, customers, memos, visits } from '../../db/schema';
import { cursorCodec } from '../../http/cursor';
import { type CustomerRecord, loadRecords } from '../rows';

/**
 * Duplicate customers: groups that share a number (customer_phones.e164) or the same name and kana
 * once normalized (customers.search_name + search_kana). Each kind is one GROUP BY … HAVING
 * count(*) > 1 walking a btree in key order (customer_phones_e164_idx, customers_sort_idx), so a
 * page costs at most one pass over that index, never a pairwise comparison; members are fetched per
 * group with a LIMIT, so a number thousands share cannot blow up a page.
 */

/** Members listed per group; `total` still counts them all. */
export const MAX_MEMBERS = 20;

/** Where a group sits in the walk: numbers (by E.164) first, then names (あいうえお順). */
type GroupKey = { reason: 'phone'; e164: string } | { reason: 'name'; kana: string; name: string };

export interface DuplicateMember extends CustomerRecord {
  counts: { memos: number; visits: number; calls: number };
}

export interface DuplicateGroupRecord {
  reason: DuplicateReason;
  /** E.164 for a number; the normalized name for a name. */
  key: string;
  total: number;
  members: DuplicateMember[];
}

/** The last group of a page, as a tuple: `["phone", e164]` or `["name", kana, name]`. */
const groupCursor = cursorCodec(
  z.codec(z.union([z.tuple([z.literal('phone'), z.string()]), z.tuple([z.literal('name'), z.string(), z.string()])]), z.custom<GroupKey>(), {
    decode: (tuple): GroupKey => (tuple[0] === 'phone' ? { reason: 'phone', e164: tuple[1] } : { reason: 'name', kana: tuple[1], name: tuple[2] }),
    encode: (key): ['phone', string] | ['name', string, string] => (key.reason === 'phone' ? [key.reason, key.e164] : [key.reason, key.kana, key.name]),
  }),
);

async function phoneGroups(db: Executor, after: string | undefined, take: number) {
  const total = count();
  const rows = await db
    .select({ e164: customerPhones.e164, total })
    .from(customerPhones)
    .where(after === undefined ? undefined : gt(customerPhones.e164, after))
    .groupBy(customerPhones.e164)
    .having(gt(total, 1))
    .orderBy(asc(customerPhones.e164))
    .limit(take);
  return rows.map((r) => ({ key: { reason: 'phone' as const, e164: r.e164 }, total: r.total }));
}

async function nameGroups(db: Executor, after: { kana: string; name: string } | undefined, take: number) {
  const total = count();
  const rows = await db
    .select({ kana: customers.searchKana, name: customers.searchName, total })
    .from(customers)
    .where(
      and(
        // A blank kana says nothing: two 山田 花子 without a reading are not evidence of one person.
        ne(customers.searchKana, ''),
        ne(customers.searchName, ''),
        after && sql`(${customers.searchKana}, ${customers.searchName}) > (${after.kana}::text, ${after.name}::text)`,
      ),
    )
    .groupBy(customers.searchKana, customers.searchName)
    .having(gt(total, 1))
    .orderBy(asc(customers.searchKana), asc(customers.searchName))
    .limit(take);
  return rows.map((r) => ({ key: { reason: 'name' as const, kana: r.kana ?? '', name: r.name ?? '' }, total: r.total }));
}

/** A group's identity, to match members back to their group. */
const groupId = (k: GroupKey): string => JSON.stringify(k.reason === 'phone' ? [k.reason, k.e164] : [k.reason, k.kana, k.name]);

/** Up to MAX_MEMBERS ids per group, one query per kind (a LATERAL subquery per key). */
async function memberIds(db: Executor, keys: GroupKey[]): Promise<Map<string, string[]>> {
  const byGroup = new Map<string, string[]>();
  const add = (group: string, id: string) => byGroup.set(group, [...(byGroup.get(group) ?? []), id]);
  const phones = keys.flatMap((k) => (k.reason === 'phone' ? [k.e164] : []));
  const names = keys.flatMap((k) => (k.reason === 'name' ? [k] : []));
  if (phones.length > 0) {
    const rows = await queryRows<{ e164: string; id: string }>(
      db,
      sql`SELECT g.e164, m.id FROM (VALUES ${sql.join(
        phones.map((e164) => sql`(${e164}::text)`),
        sql`, `,
      )}) AS g(e164)
      CROSS JOIN LATERAL (SELECT ${customerPhones.customerId} AS id FROM ${customerPhones}
        WHERE ${customerPhones.e164} = g.e164 ORDER BY ${customerPhones.customerId} LIMIT ${MAX_MEMBERS}) AS m`,
    );
    for (const r of rows) add(groupId({ reason: 'phone', e164: r.e164 }), r.id);
  }
  if (names.length > 0) {
    const rows = await queryRows<{ kana: string; name: string; id: string }>(
      db,
      sql`SELECT g.kana, g.name, m.id FROM (VALUES ${sql.join(
        names.map((k) => sql`(${k.kana}::text, ${k.name}::text)`),
        sql`, `,
      )}) AS g(kana, name)
      CROSS JOIN LATERAL (SELECT ${customers.id} AS id FROM ${customers}
        WHERE ${customers.searchKana} = g.kana AND ${customers.searchName} = g.name ORDER BY ${customers.id} LIMIT ${MAX_MEMBERS}) AS m`,
    );
    for (const r of rows) add(groupId({ reason: 'name', kana: r.kana, name: r.name }), r.id);
  }
  return byGroup;
}

/** Rows per customer in a table keyed by customer_id (its index serves the lookup). */
async function countsBy(db: Executor, table: PgTable, column: AnyPgColumn, ids: string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: string; n: number }>(
    db,
    sql`SELECT ${column} AS id, count(*)::int AS n FROM ${table} WHERE ${inArray(column, ids)} GROUP BY ${column}`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

async function loadMembers(db: Executor, ids: string[]): Promise<Map<string, DuplicateMember>> {
  if (ids.length === 0) return new Map();
  const [records, memoCounts, visitCounts, callCounts] = await Promise.all([
    loadRecords(db, ids),
    countsBy(db, memos, memos.customerId, ids),
    countsBy(db, visits, visits.customerId, ids),
    countsBy(db, calls, calls.customerId, ids),
  ]);
  const counts = (id: string) => ({ memos: memoCounts.get(id) ?? 0, visits: visitCounts.get(id) ?? 0, calls: callCounts.get(id) ?? 0 });
  return new Map(records.map((record) => [record.row.id, { ...record, counts: counts(record.row.id) }]));
}

export interface DuplicatesPage {
  groups: DuplicateGroupRecord[];
  nextCursor: string | null;
}

/** One page of duplicate groups: numbers by E.164, then names in あいうえお順. */
export async function findDuplicates(
  db: Executor,
  params: { reason?: DuplicateReason | undefined; cursor?: string | undefined; limit: number },
): Promise<DuplicatesPage> {
  const after = params.cursor ? groupCursor.decode(params.cursor) : undefined;
  const take = params.limit + 1;
  const found: { key: GroupKey; total: number }[] = [];
  if (params.reason !== 'name' && after?.reason !== 'name') {
    found.push(...(await phoneGroups(db, after?.e164, take)));
  }
  if (params.reason !== 'phone' && found.length < take) {
    found.push(...(await nameGroups(db, after?.reason === 'name' ? after : undefined, take - found.length)));
  }
  const page = found.slice(0, params.limit);
  const last = found.length > params.limit ? page.at(-1) : undefined;

  const ids = await memberIds(db, page.map((g) => g.key));
  const members = await loadMembers(db, [...new Set([...ids.values()].flat())]);
  const groups = page.map(({ key, total }) => ({
    reason: key.reason,
    key: key.reason === 'phone' ? key.e164 : key.name,
    total,
    members: (ids.get(groupId(key)) ?? []).flatMap((id) => members.get(id) ?? []),
  }));
  return { groups, nextCursor: last ? groupCursor.encode(last.key) : null };
}
