import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { authRoutes } from './auth/routes';
import { callbackRoutes } from './callbacks/routes';
import { callRoutes } from './calls/routes';
import type { Config } from './config';
import { customerRoutes } from './customers/routes';
import type { Database } from './db/client';
import { webhookRoutes } from './dialpad/webhook-routes';
import { testCallRoutes } from './dialpad/test-call-routes';
import { healthRoutes } from './health/routes';
import { registerErrorHandler } from './http/error-handler';
import { loggerOptions } from './http/logger';
import { registerNotFound, registerWebApp } from './http/web-app';
import { createRealtime } from './realtime/realtime';
import { storeRoutes } from './stores/routes';
import { userRoutes } from './users/routes';

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
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64) : randomUUID()),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorateRequest('user', null);
  const realtime = createRealtime(app.server, { config, db: database.db, log: app.log });
  app.decorate('realtime', realtime);
  app.addHook('preClose', async () => realtime.close());

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
  await app.register(healthRoutes, { database });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(storeRoutes, { prefix: '/api/stores' });
  await app.register(customerRoutes, { prefix: '/api/customers' });
  await app.register(callRoutes, { prefix: '/api/calls' });
  await app.register(callbackRoutes, { prefix: '/api/callbacks' });
  await app.register(webhookRoutes, { prefix: '/api/dialpad' });
  await app.register(testCallRoutes, { prefix: '/api/dialpad' });
  registerNotFound(app, await registerWebApp(app));
  return app;
}
