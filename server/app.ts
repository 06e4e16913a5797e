import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerRateLimit } from './auth/rate-limit';
import { blockedNumberRoutes } from './blocked-numbers/routes';
import { callbackRoutes } from './callbacks/routes';
import { customerCallRoutes } from './calls/customer-calls-routes';
import { outboundRoutes } from './calls/outbound-routes';
import { createCommitQueue } from './calls/commit-queue';
import { createDirectory } from './calls/directory';
import { callPurposeRoutes } from './calls/purpose-routes';
import { callRoutes } from './calls/routes';
import type { Config } from './config';
import { customerRoutes } from './customers/routes';
import { duplicateRoutes } from './customers/duplicates/routes';
import { exportRoutes } from './customers/export/routes';
import { importRoutes } from './customers/import/routes';
import { mergeRoutes } from './customers/merge/routes';
import { searchRoutes } from './customers/search/routes';
import { customerUsageRoutes } from './customers/usage/routes';
import type { Database } from './db/client';
import { registerContactSync } from './dialpad/contacts/plugin';
import { webhookRoutes } from './dialpad/webhook-routes';
import { dialpadStatusRoutes } from './dialpad/status-routes';
import { testCallRoutes } from './dialpad/test-call-routes';
import { registerApiDocs } from './docs/openapi';
import { databaseCheck, redisCheck } from './health/checks';
import { createLifecycle, refuseWhileDraining } from './health/lifecycle';
import { healthRoutes } from './health/routes';
import { registerErrorHandler } from './http/error-handler';
import { echoRequestId, loggerOptions, requestIdFrom } from './http/logger';
import { guardSlowClients } from './http/slow-clients';
import { createMetrics } from './metrics/metrics';
import { metricsRoutes } from './metrics/routes';
import { registerNotFound, registerWebApp } from './http/web-app';
import { memoRoutes } from './memos/routes';
import { callMemoRoutes } from './memos/call-routes';
import { purposeRoutes } from './purposes/routes';
import { createRealtime } from './realtime/realtime';
import { reportRoutes } from './reports/routes';
import { storeRoutes } from './stores/routes';
import { storeUsageRoutes } from './stores/usage/routes';
import { userRoutes } from './users/routes';
import { signInRoutes } from './users/sign-in-routes';
import { visitRoutes } from './visits/routes';

/**
 * Connections the kernel holds for the server before it accepts them (capped by net.core.somaxconn).
 * Node's default, 511, is less than a burst of Dialpad deliveries: past it, connects are dropped and
 * the sender's kernel tries again a second later, with no answer meanwhile. Held, each is accepted and
 * answered: 200 once committed, or 503 at once when the node is too busy (server/dialpad/webhook-routes.ts).
 */
export const LISTEN_BACKLOG = 4096;

export interface AppOptions {
  config: Config;
  database: Database;
  /** Overrides the logger (tests pass false or a stream). */
  logger?: boolean | Record<string, unknown>;
}

/** Builds the whole service: REST API, webhook and Socket.IO on one server. Does not listen. */
export async function buildApp({ config, database, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    // While closing, requests already on a connection still run (staff finish what they were doing);
    // new webhooks and /readyz answer 503 not_ready themselves (health/lifecycle.ts).
    return503OnClosing: false,
    // Only a proxy we were told about may name the client's address (the per-address limits depend on it).
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Fastify's default is no limit at all: a client trickling its request would hold its connection for ever.
    requestTimeout: config.requestTimeoutMs,
  }).withTypeProvider<ZodTypeProvider>();
  app.server.headersTimeout = config.bodyTimeoutMs;
  guardSlowClients(app, config);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorateRequest('user', null);
  const realtime = createRealtime(app.server, { config, db: database.db, log: app.log });
  app.decorate('realtime', realtime);
  app.addHook('preClose', async () => realtime.close());
  const metrics = createMetrics();
  metrics.watchSockets(() => realtime.socketCounts());
  app.decorate('metrics', metrics);
  const directory = createDirectory();
  app.decorate('directory', directory);
  // PGlite has one connection: more workers would only queue inside it.
  const ingest = createCommitQueue({ db: database.db, realtime, directory, log: app.log, metrics, workers: database.kind === 'postgres' ? 4 : 1, inThread: database.kind === 'pglite' });
  app.decorate('ingest', ingest);
  metrics.watchIngestQueue(() => ingest.depth());
  // An event answered 503 past its budget may still be committing: let it finish before the database closes.
  app.addHook('onClose', async () => ingest.idle());
  app.decorate('lifecycle', createLifecycle());
  echoRequestId(app);
  refuseWhileDraining(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets inline styles; no inline scripts are needed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
  });
  // Before the routes: it applies the limits that routes declare in `config.rateLimit` as they are added.
  await registerRateLimit(app);
  await registerApiDocs(app);
  const checks = [databaseCheck(database), ...(realtime.redis ? [redisCheck(realtime.redis)] : [])];
  await app.register(healthRoutes, { checks });
  await app.register(metricsRoutes, { metrics, token: config.metricsToken });
  await app.register(signInRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(storeRoutes, { prefix: '/api/stores' });
  await app.register(storeUsageRoutes, { prefix: '/api/stores' });
  await app.register(customerRoutes, { prefix: '/api/customers' });
  for (const feature of [searchRoutes, duplicateRoutes, mergeRoutes, importRoutes, exportRoutes, customerCallRoutes, customerUsageRoutes]) {
    await app.register(feature, { prefix: '/api/customers' });
  }
  await app.register(memoRoutes, { prefix: '/api/customers/:id/memos' });
  await app.register(visitRoutes, { prefix: '/api/customers/:id/visits' });
  await app.register(callRoutes, { prefix: '/api/calls' });
  await app.register(outboundRoutes, { prefix: '/api/calls' });
  await app.register(callPurposeRoutes, { prefix: '/api/calls' });
  await app.register(purposeRoutes, { prefix: '/api/call-purposes' });
  await app.register(reportRoutes, { prefix: '/api/reports' });
  await app.register(callMemoRoutes, { prefix: '/api/calls/:callId/memos' });
  await app.register(callbackRoutes, { prefix: '/api/callbacks' });
  await app.register(webhookRoutes, { prefix: '/api/dialpad' });
  await app.register(testCallRoutes, { prefix: '/api/dialpad' });
  await app.register(dialpadStatusRoutes, { prefix: '/api/dialpad' });
  await app.register(blockedNumberRoutes, { prefix: '/api/blocked-numbers' });
  registerContactSync(app, database);
  registerNotFound(app, await registerWebApp(app));
  return app;
}
