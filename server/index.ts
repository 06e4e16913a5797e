import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { handleSignals, shutdown } from './health/shutdown';
import { loggerOptions } from './http/logger';
import { ensureFirstAdmin } from './users/bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino(loggerOptions(config));
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, 'pglite'),
    onPoolError: (err) => log.warn({ err: err.message }, 'database connection lost'),
  });
  await ensureFirstAdmin(database.db, config.initialAdmin, (message) => process.stdout.write(`\n${message}\n\n`));

  const app = await buildApp({ config, database });
  // Drain webhooks, finish requests in flight, move sockets to other nodes, close the database, exit 0.
  handleSignals({ stop: () => shutdown(app, database), log: app.log, exit: (code) => process.exit(code), on: (signal, listener) => process.on(signal, listener) });

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { database: database.kind, webhookSecret: config.dialpadWebhookSecret ? 'set' : 'missing' },
    `CTI server ready on port ${config.port}`,
  );
  if (!config.dialpadWebhookSecret) {
    app.log.warn('DIALPAD_WEBHOOK_SECRET is not set: Dialpad webhooks will be refused until it is');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
