import { isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { directoryGeneration, storePrefixes, stores, users } from '../db/schema';
import { candidatePrefixes, type CallStore, MIN_PREFIX } from '../stores/repository';

interface Snapshot {
  generation: number;
  byPrefix: Map<string, CallStore>;
  byOffice: Map<string, CallStore>;
  userByDialpadId: Map<string, string>;
}

/**
 * What every call event reads about stores and users, held in memory on each node: the store a
 * dialled number or Dialpad office belongs to (with its hours), and our user linked to a Dialpad
 * user. A trigger bumps `directory_generation` on every change of those (from any node), and each
 * event's first statement returns it (server/calls/ingest-sql.ts): the cache reloads when the two
 * differ, before anything of that event is decided, so it is never older than a save that returned.
 */
export interface Directory {
  /** The generation loaded; -1 before the first load. */
  readonly generation: number;
  /** Reloads unless what is loaded is of this generation (one reload at a time, shared). */
  ensure(db: Executor, generation?: number): Promise<void>;
  /** The store of the longest matching prefix of the dialled number, else of the first office listed. */
  storeFor(dialledNational: string | null, officeIds: string[]): CallStore | null;
  userIdForDialpadUser(dialpadUserId: string): string | null;
}

/** Our numbers in national form: E.164 of a Japanese number tolerated; anything not digits (anonymous, SIP) has no prefix. */
function dialledDigits(raw: string | null): string {
  const trimmed = raw?.trim() ?? '';
  const national = trimmed.startsWith('+81') ? `0${trimmed.slice(3)}` : trimmed;
  return /^\d+$/.test(national) ? national : '';
}

async function load(db: Executor): Promise<Snapshot> {
  // The generation first: data read after it is at least that new, so a change in between only costs one more reload.
  const [gen] = await db.select({ generation: directoryGeneration.generation }).from(directoryGeneration);
  // One after another: `db` may be a transaction, one connection.
  const storeRows = await db.select({ id: stores.id, code: stores.code, name: stores.name, hours: stores.hours, officeId: stores.dialpadOfficeId }).from(stores);
  const prefixRows = await db.select().from(storePrefixes);
  const userRows = await db.select({ id: users.id, dialpadUserId: users.dialpadUserId }).from(users).where(isNotNull(users.dialpadUserId));
  const byId = new Map(storeRows.map(({ officeId: _officeId, ...store }) => [store.id, store]));
  const byOffice = new Map<string, CallStore>();
  for (const row of storeRows) if (row.officeId) byOffice.set(row.officeId, byId.get(row.id)!);
  const byPrefix = new Map<string, CallStore>();
  for (const row of prefixRows) byPrefix.set(row.prefix, byId.get(row.storeId)!);
  const userByDialpadId = new Map<string, string>();
  for (const row of userRows) if (row.dialpadUserId) userByDialpadId.set(row.dialpadUserId, row.id);
  return { generation: gen?.generation ?? 0, byPrefix, byOffice, userByDialpadId };
}

export function createDirectory(): Directory {
  let snapshot: Snapshot = { generation: -1, byPrefix: new Map(), byOffice: new Map(), userByDialpadId: new Map() };
  let loading: Promise<void> | null = null;
  return {
    get generation() {
      return snapshot.generation;
    },
    async ensure(db, generation) {
      while (generation === undefined ? snapshot.generation < 0 : snapshot.generation !== generation) {
        loading ??= load(db)
          .then((next) => {
            // A slower, older load never replaces a newer one.
            if (next.generation >= snapshot.generation) snapshot = next;
          })
          .finally(() => {
            loading = null;
          });
        await loading;
        // A generation newer than the database's own cannot be: stop rather than reload forever.
        if (generation !== undefined && snapshot.generation > generation) return;
      }
    },
    storeFor(dialledNational, officeIds) {
      const dialled = dialledDigits(dialledNational);
      if (dialled.length >= MIN_PREFIX) {
        for (const prefix of candidatePrefixes(dialled)) {
          const store = snapshot.byPrefix.get(prefix);
          if (store) return store;
        }
      }
      for (const officeId of officeIds) {
        const store = officeId === '' ? undefined : snapshot.byOffice.get(officeId);
        if (store) return store;
      }
      return null;
    },
    userIdForDialpadUser(dialpadUserId) {
      return snapshot.userByDialpadId.get(dialpadUserId) ?? null;
    },
  };
}
