import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { BusinessHours } from '../../common/business-hours';
import type { Executor } from '../db/client';
import { storePrefixes, stores, users } from '../db/schema';

export type StoreRow = typeof stores.$inferSelect & { phonePrefixes: string[] };

/** The store a call belongs to, as the call pipeline needs it. */
export interface CallStore {
  id: string;
  code: string;
  name: string;
  /** Read with the store so deciding whether a call came after hours costs no query of its own. */
  hours: BusinessHours | null;
}

export interface PrefixOwner {
  prefix: string;
  code: string;
  name: string;
}

/** Shortest prefix a store may register; shorter candidates are never looked up. */
export const MIN_PREFIX = 2;
const MAX_PREFIX = 11;

const columns = {
  id: stores.id,
  code: stores.code,
  name: stores.name,
  dialpadOfficeId: stores.dialpadOfficeId,
  outboundCallerId: stores.outboundCallerId,
  hours: stores.hours,
  createdAt: stores.createdAt,
  updatedAt: stores.updatedAt,
  // A correlated array keeps a page of stores one query; a store has only a handful of prefixes.
  phonePrefixes: sql<string[]>`coalesce((select array_agg(${storePrefixes.prefix} order by ${storePrefixes.prefix}) from ${storePrefixes} where ${storePrefixes.storeId} = ${stores.id}), '{}'::text[])`,
};

const callStore = { id: stores.id, code: stores.code, name: stores.name, hours: stores.hours };

/** Every leading part of a national number that a prefix could be: 05017481234 → 05, 050, …, 05017481234. */
export function candidatePrefixes(national: string): string[] {
  const out: string[] = [];
  for (let n = Math.min(national.length, MAX_PREFIX); n >= MIN_PREFIX; n--) out.push(national.slice(0, n));
  return out;
}

export const storesRepository = {
  async findByCode(db: Executor, code: string): Promise<StoreRow | undefined> {
    const [row] = await db.select(columns).from(stores).where(eq(stores.code, code));
    return row;
  },

  async list(db: Executor, opts: { after?: string | undefined; limit: number }): Promise<StoreRow[]> {
    return db
      .select(columns)
      .from(stores)
      .where(opts.after ? gt(stores.code, opts.after) : undefined)
      .orderBy(asc(stores.code))
      .limit(opts.limit);
  },

  async insert(
    db: Executor,
    values: { code: string; name: string; dialpadOfficeId: string | null; outboundCallerId: string | null; hours: BusinessHours | null },
  ): Promise<string> {
    const [row] = await db.insert(stores).values(values).returning({ id: stores.id });
    return row!.id;
  },

  async update(
    db: Executor,
    id: string,
    values: {
      name?: string | undefined;
      dialpadOfficeId?: string | null | undefined;
      outboundCallerId?: string | null | undefined;
      hours?: BusinessHours | null | undefined;
    },
  ): Promise<void> {
    await db
      .update(stores)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(stores.id, id));
  },

  /** Replaces a store's prefixes; run it in the caller's transaction so no call sees the store without them. */
  async replacePrefixes(db: Executor, storeId: string, prefixes: string[]): Promise<void> {
    await db.delete(storePrefixes).where(eq(storePrefixes.storeId, storeId));
    if (prefixes.length > 0) await db.insert(storePrefixes).values(prefixes.map((prefix) => ({ prefix, storeId })));
  },

  /** Which of these prefixes already belong to a store other than `exceptStoreId`. */
  async prefixOwners(db: Executor, prefixes: string[], exceptStoreId?: string): Promise<PrefixOwner[]> {
    if (prefixes.length === 0) return [];
    return db
      .select({ prefix: storePrefixes.prefix, code: stores.code, name: stores.name })
      .from(storePrefixes)
      .innerJoin(stores, eq(stores.id, storePrefixes.storeId))
      .where(and(inArray(storePrefixes.prefix, prefixes), exceptStoreId ? ne(stores.id, exceptStoreId) : undefined))
      .orderBy(asc(storePrefixes.prefix));
  },

  async findByOfficeId(db: Executor, officeId: string): Promise<CallStore | undefined> {
    const [row] = await db.select(callStore).from(stores).where(eq(stores.dialpadOfficeId, officeId));
    return row;
  },

  async countUsers(db: Executor, storeId: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.storeId, storeId));
    return row?.n ?? 0;
  },

  async remove(db: Executor, id: string): Promise<boolean> {
    const rows = await db.delete(stores).where(eq(stores.id, id)).returning({ id: stores.id });
    return rows.length > 0;
  },
};
