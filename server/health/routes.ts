import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/client';

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get('/healthz', { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    {
      schema: {
        response: {
          200: z.object({ status: z.literal('ready'), database: z.string() }),
          503: z.object({ error: z.string(), message: z.string(), database: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await database.ping();
        return { status: 'ready' as const, database: 'ok' };
      } catch {
        return reply.status(503).send({ error: 'not_ready', message: 'The database does not answer', database: 'unavailable' });
      }
    },
  );
};
