import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a repository method runs on: the database, or a caller's transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; without it the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite's folder, or 'memory' for a throwaway database (tests). */
  dataDir: string;
  onPoolError?: (err: Error) => void;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant works; it keeps two nodes starting together from migrating at once. */
const MIGRATION_LOCK = 4_711_813;

/** Opens the database and applies the committed migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.onPoolError) : openPglite(options.dataDir);
}

async function openPostgres(url: string, onPoolError?: (err: Error) => void): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', (err) => onPoolError?.(err));
  // Nor a checked-out one: pg-pool listens only while a client is idle, and a client mid-transaction
  // whose server restarts emits 'error' (after failing its query) that would otherwise be uncaught.
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) =>
    client.on('error', (err) => {
      onPoolError?.(err);
      if (checkedOut.has(client)) releaseBroken(client, err);
    }),
  );
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(lockClient, { schema }), { migrationsFolder });
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lockClient.release();
  }
  const db = drizzlePg(pool, { schema });
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

/**
 * Gives a checked-out client whose connection failed back to the pool, which discards it. Needed
 * because drizzle-orm (0.45) sends BEGIN before its try/finally: when BEGIN is what fails (the server
 * went away at that moment) the client is never released, pool.end() then never returns, and after
 * ten such failures the pool has no connection left, ever. The holder's own later release is a no-op.
 */
function releaseBroken(client: pg.PoolClient, err: Error): void {
  const release = client.release.bind(client);
  let released = false;
  client.release = () => {
    if (released) return;
    released = true;
    release(err);
  };
  client.release();
}

async function openPglite(dataDir: string): Promise<Database> {
  const memory = dataDir === 'memory';
  const unlock = memory ? () => undefined : lockDataDir(dataDir);
  try {
    // relaxedDurability stays off: each query's writes reach the filesystem before it resolves. That
    // survives a process crash (test/hardening/faults), not a power cut: see docs/security.md.
    const client = await PGlite.create(memory ? undefined : dataDir, { extensions: { pg_trgm }, relaxedDurability: false });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      ping: async () => {
        await client.query('SELECT 1');
      },
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file holding the owner's pid refuses that, and a stale one (its process gone) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'cti.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new Error(`The embedded database in ${dataDir} is in use by process ${owner}; stop it first (or set DATABASE_URL to share a PostgreSQL server)`, { cause: err });
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs hand-written SQL (for what the query builder cannot say) and returns its rows; pg and PGlite both answer `{rows}`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
