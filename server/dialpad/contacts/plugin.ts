import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client';
import { DialpadContactsClient } from './client';
import { contactOutboxRepository } from './repository';
import { ContactWorker } from './worker';

/**
 * With DIALPAD_CONTACTS_SYNC=true the server runs the contacts worker from the moment it is ready
 * until it closes (the graceful shutdown stops it before the database closes). The outbox gauges
 * are reported either way, so a queue left over from before sync was turned off still shows.
 */
export function registerContactSync(app: FastifyInstance, database: Database): void {
  app.metrics.watchContactOutbox(() => contactOutboxRepository.counts(database.db));
  const { dialpadContactsSync, dialpadApiKey, dialpadApiBase } = app.config;
  if (!dialpadContactsSync || !dialpadApiKey) return;
  const worker = new ContactWorker({
    db: database.db,
    api: new DialpadContactsClient({ apiKey: dialpadApiKey, baseUrl: dialpadApiBase }),
    coordination: database.kind === 'postgres' ? 'lease' : 'single',
    log: app.log,
  });
  app.addHook('onReady', async () => worker.start());
  app.addHook('preClose', async () => worker.stop());
}
