import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerToken } from '../auth/session';
import { unauthorized } from '../http/errors';
import type { CtiMetrics } from './metrics';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: CtiMetrics;
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time comparison, so the answer's timing does not reveal how much of a guess was right. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics` in Prometheus' text format. Open by default, for a scraper on the private network
 * (nginx denies it from outside, see docs/deploy.md); with METRICS_TOKEN it needs that bearer token.
 */
export const metricsRoutes: FastifyPluginAsyncZod<{ metrics: CtiMetrics; token: string | undefined }> = async (app, { metrics, token }) => {
  app.get(
    '/metrics',
    {
      // A scrape every few seconds would drown the request log.
      logLevel: 'warn',
      schema: { summary: 'Prometheus metrics (text format)', tags: ['operations'] },
    },
    async (request, reply) => {
      if (token !== undefined && !tokenMatches(bearerToken(request.headers.authorization), token)) {
        throw unauthorized('Send Authorization: Bearer <METRICS_TOKEN>');
      }
      return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
};
