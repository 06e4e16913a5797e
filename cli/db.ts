import type { Command } from 'commander';
import { type CliIo, line } from './context';

export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('The database (DATABASE_URL, or the embedded PGlite under DATA_DIR/pglite).');

  db.command('migrate')
    .description('Apply the committed migrations (the server also does this when it starts).')
    .action(async () => {
      // Opening is migrating: the same code path as the server, under the same advisory lock on PostgreSQL.
      // Loaded here: the database code is slow to load, and other commands need none of it.
      const { openCliDatabase } = await import('./database');
      const { database, where } = await openCliDatabase(io);
      try {
        await database.ping();
        line(io.stdout, `database: ${database.kind} (${where}): migrations applied, schema up to date`);
      } finally {
        await database.close();
      }
    });
}
