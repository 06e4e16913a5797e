import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

  app.post(
    '/webhook',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
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
      await ingestCallEvent({ db: app.db, realtime: app.realtime, log: request.log }, event);
      return { received: true as const };
    },
  );
};
