import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookRateLimit } from '../auth/rate-limit';
import { ingestCallEvent } from '../calls/ingest';
import { normalizeDialpadPayload } from './normalize';
import { verifyDelivery } from './verify';

/** Dialpad waits 5 s and retries 5xx only; a call event is a few kilobytes. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  // Real Dialpad sends a bare JWT with an undocumented Content-Type: read every body as raw bytes,
  // which is also what the guide's HMAC is computed over.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  // Metrics: latency of every answer, and why a delivery failed (signature, body, storage).
  app.addHook('onResponse', async (_request, reply) => app.metrics.webhookAnswered(reply.statusCode, reply.elapsedTime));
  app.addHook('onError', async (request, _reply, error) => app.metrics.webhookFailed(error, request.body, request.headers['x-dialpad-signature']));

  app.post(
    '/webhook',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { rateLimit: webhookRateLimit(app.config) },
      schema: { response: { 200: z.object({ received: z.literal(true) }) } },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const delivery = await verifyDelivery(
        raw,
        { signature: request.headers['x-dialpad-signature'] },
        app.config.dialpadWebhookSecret,
      );
      const event = normalizeDialpadPayload(delivery.payload, new Date());
      const result = await ingestCallEvent({ db: app.db, realtime: app.realtime, log: request.log, metrics: app.metrics }, event);
      app.metrics.callEvent(event.state, result.duplicate ? 'duplicate' : 'accepted');
      return { received: true as const };
    },
  );
};
