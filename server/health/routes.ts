import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ReadinessCheck, runChecks } from './checks';

const checkResults = z
  .record(z.string(), z.enum(['ok', 'failed', 'timeout']))
  .describe('Each dependency asked: database, and redis when REDIS_URL is set');

const readyResponse = z.object({ status: z.literal('ready'), checks: checkResults });
const notReadyResponse = z.object({
  error: z.literal('not_ready'),
  message: z.string(),
  status: z.enum(['not_ready', 'draining']),
  checks: checkResults,
});

/** Probes answer every few seconds: their request lines would drown the log. */
const PROBE_LOG_LEVEL = 'warn';

/**
 * `/healthz`: the process is alive (restart it when this fails). `/readyz`: send it traffic (take
 * it out of the load balancer when this fails): every critical dependency answers and it is not
 * shutting down.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ checks: readonly ReadinessCheck[] }> = async (app, { checks }) => {
  app.get(
    '/healthz',
    { logLevel: PROBE_LOG_LEVEL, schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel: PROBE_LOG_LEVEL,
      schema: { tags: ['operations'], summary: 'Readiness: dependencies answer and the node is not draining', response: { 200: readyResponse, 503: notReadyResponse } },
    },
    async (request, reply) => {
      if (app.lifecycle.draining) {
        return reply.status(503).send({ error: 'not_ready', message: 'This node is shutting down', status: 'draining', checks: {} });
      }
      const { ready, results, failed } = await runChecks(checks);
      if (ready) return { status: 'ready' as const, checks: results };
      request.log.warn({ checks: results }, 'not ready');
      return reply.status(503).send({
        error: 'not_ready',
        message: `Not ready: ${failed.join(', ')} did not answer`,
        status: 'not_ready',
        checks: results,
      });
    },
  );
};
