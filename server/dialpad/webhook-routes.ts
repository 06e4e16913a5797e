import underPressure from '@fastify/under-pressure';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookRateLimit } from '../auth/rate-limit';
import { AppError } from '../http/errors';
import type { SignatureFailure } from '../metrics/metrics';
import { DIALPAD_CALL_STATES } from './api-client';
import { normalizeDialpadPayload, signedEventTimeMs } from './normalize';
import { DeliveryRefused, refuseOutsideWindow, type StaleDirection, verifyDelivery } from './verify';

/**
 * A node whose event loop lags this much (or is this busy) with this many deliveries in hand is past what it can take
 * in (a burst on a CPU-bound node, PGlite above all, whose database runs on the same thread): new
 * deliveries are answered 503 at once, before their body is read, rather than queued behind the
 * others and answered after Dialpad gave up. A lag with few deliveries (a CSV import, a GC) refuses none.
 */
export const WEBHOOK_MAX_EVENT_LOOP_DELAY_MS = 200;
/** Or its thread this busy (of each 50 ms sampled): no time left to take more in. */
export const WEBHOOK_MAX_EVENT_LOOP_UTILIZATION = 0.98;
export const WEBHOOK_MIN_BACKLOG = 32;

/** Dialpad waits 5 s and retries 5xx only; a call event is a few kilobytes. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

const DIALPAD_STATES = new Set<string>(DIALPAD_CALL_STATES);

/** The metrics label of a state: Dialpad's own (recap_* as one), anything else `other`, so a sender cannot grow the label set. */
export function stateLabel(state: string): string {
  if (state.startsWith('recap_')) return 'recap';
  return DIALPAD_STATES.has(state) ? state : 'other';
}

/** The label /metrics counts a refused signature by, from verify's own reason; undefined for any other failure. */
export function signatureFailure(error: unknown): SignatureFailure | undefined {
  if (!(error instanceof DeliveryRefused)) return undefined;
  switch (error.refusal.reason) {
    case 'not_configured':
      return 'not_configured';
    case 'missing_signature':
      return 'missing';
    case 'bad_signature':
      return error.refusal.format;
    case 'malformed':
    case 'stale':
      return undefined;
  }
}

/** Which side of the replay window a refused event fell on; undefined for any other failure. */
export function staleDirection(error: unknown): StaleDirection | undefined {
  return error instanceof DeliveryRefused && error.refusal.reason === 'stale' ? error.refusal.direction : undefined;
}

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this plugin's scope only: staff's own requests are few and are never refused for a burst of calls.
  let inHand = 0;
  await app.register(underPressure, {
    maxEventLoopDelay: WEBHOOK_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: WEBHOOK_MAX_EVENT_LOOP_UTILIZATION,
    sampleInterval: 50,
    pressureHandler: async () => {
      if (inHand < WEBHOOK_MIN_BACKLOG) return;
      app.metrics.ingestShed();
      throw new AppError('overloaded', 'This node is too busy to take the event now; deliver it again later');
    },
  });
  // Real Dialpad sends a bare JWT with an undocumented Content-Type: read every body as raw bytes,
  // which is also what the guide's HMAC is computed over.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  app.addHook('onRequest', async (_request, reply) => {
    inHand += 1;
    // 'close' comes once whatever the end: answered, or the sender gone.
    reply.raw.once('close', () => (inHand -= 1));
  });
  // Metrics: latency of every answer, and why a delivery failed (signature, body, storage).
  app.addHook('onResponse', async (_request, reply) => app.metrics.webhookAnswered(reply.statusCode, reply.elapsedTime));
  app.addHook('onError', async (request, _reply, error) => {
    app.metrics.webhookFailed(error, signatureFailure(error));
    const stale = staleDirection(error);
    if (stale) {
      app.metrics.staleEvent(stale);
      // Warn: a replay attempt or a broken clock is worth a look; the message has the age, never the payload.
      request.log.warn({ direction: stale }, error instanceof Error ? error.message : 'stale webhook event');
    }
  });

  app.post(
    '/webhook',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { rateLimit: webhookRateLimit(app.config) },
      schema: { response: { 200: z.object({ received: z.literal(true) }) } },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const delivery = verifyDelivery(
        raw,
        { signature: request.headers['x-dialpad-signature'] },
        app.config.dialpadWebhookSecret,
      );
      const now = new Date();
      // Only a signed time counts, so the window is judged after verify and before anything is stored.
      refuseOutsideWindow(
        signedEventTimeMs(delivery.payload),
        { maxAgeMs: app.config.webhookEventMaxAgeMs, maxFutureMs: app.config.webhookEventMaxFutureMs },
        now.getTime(),
      );
      const event = normalizeDialpadPayload(delivery.payload, now);
      // The budget runs from the request's arrival: verifying and waiting for the event loop count too.
      const result = await app.ingest.submit(event, { log: request.log, metrics: app.metrics, budgetMs: app.config.webhookCommitBudgetMs - reply.elapsedTime });
      app.metrics.callEvent(stateLabel(event.state), result.duplicate ? 'duplicate' : 'accepted');
      return { received: true as const };
    },
  );
};
