import { join } from 'node:path';
import pino from 'pino';
import { buildApp, LISTEN_BACKLOG } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { handleSignals, shutdown } from './health/shutdown';
import { loggerOptions } from './http/logger';
import { localUrl, removeLocalServer, WEBHOOK_SECRET_FILE, writeLocalServer } from './local-state';
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
  const stop = async () => {
    removeLocalServer(config.dataDir, process.pid);
    await shutdown(app, database);
  };
  handleSignals({ stop, log: app.log, exit: (code) => process.exit(code), on: (signal, listener) => process.on(signal, listener) });

  await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // For `cti simulate` on this machine: which port, and whether the secret is the generated file's.
  writeLocalServer(config.dataDir, { pid: process.pid, url: localUrl(config.host, port), webhookSecret: config.dialpadWebhookSecretSource });
  app.log.info({ database: database.kind, webhookSecret: config.dialpadWebhookSecretSource }, `CTI server ready on port ${port}`);
  switch (config.dialpadWebhookSecretSource) {
    case 'missing':
      app.log.warn('DIALPAD_WEBHOOK_SECRET is not set: Dialpad webhooks will be refused until it is');
      break;
    case 'generated':
      app.log.warn(
        { file: join(config.dataDir, WEBHOOK_SECRET_FILE) },
        'DIALPAD_WEBHOOK_SECRET is not set: using a generated one for trying things out (npx cti simulate); set the real one before pointing Dialpad here',
      );
      break;
    case 'environment':
      break;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
