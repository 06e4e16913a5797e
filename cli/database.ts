import { join } from 'node:path';
import type { Command } from 'commander';
import { type Database, type Db, loadConfig, loadDatabaseApi } from '../server/cli-api';
import { type CliIo, CliError, line } from './context';

export interface OpenedDatabase {
  database: Database;
  /** Where it is, for people: the PGlite folder, or the server without its credentials. */
  where: string;
}

/** The PostgreSQL URL without user name and password, which must never reach a terminal log. */
function describeUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Opens the database exactly as the server does (DATABASE_URL, else PGlite under DATA_DIR/pglite), migrations included. */
export async function openCliDatabase(io: CliIo): Promise<OpenedDatabase> {
  const config = loadConfig(io.env);
  const dataDir = join(config.dataDir, 'pglite');
  // Loaded here: the database code is slow to load, and most commands need none of it.
  const { openDatabase } = await loadDatabaseApi();
  try {
    const database = await openDatabase({ url: config.databaseUrl, dataDir });
    return { database, where: config.databaseUrl ? describeUrl(config.databaseUrl) : dataDir };
  } catch (err) {
    // The PGlite lock names the process holding the folder; pg's messages (ECONNREFUSED, password authentication failed for user ...) are clear; the URL is not repeated.
    const reason = err instanceof Error ? err.message : String(err);
    throw new CliError(`cannot open the database${config.databaseUrl ? ` at ${describeUrl(config.databaseUrl)}` : ` in ${dataDir}`}: ${reason}`);
  }
}

/** Runs `work` on the database and closes it, also when `work` fails. */
export async function withDatabase<T>(io: CliIo, work: (db: Db) => Promise<T>): Promise<T> {
  const { database } = await openCliDatabase(io);
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** `cti db`. */
export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('The database (DATABASE_URL, or the embedded PGlite under DATA_DIR/pglite).');

  db.command('migrate')
    .description('Apply the committed migrations (the server also does this when it starts).')
    .action(async () => {
      // Opening is migrating: the same code path as the server, under the same advisory lock on PostgreSQL.
      const { database, where } = await openCliDatabase(io);
      try {
        await database.ping();
        line(io.stdout, `database: ${database.kind} (${where}): migrations applied, schema up to date`);
      } finally {
        await database.close();
      }
    });
}
