import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { dialpadStatusRepository } from './status-repository';

const statusSchema = z.object({
  secretConfigured: z.boolean(),
  /** environment: DIALPAD_WEBHOOK_SECRET; generated: a trial's secret in DATA_DIR (development only); missing: every delivery is refused. */
  secretSource: z.enum(['environment', 'generated', 'missing']),
  lastEventAt: z.string().nullable(),
  lastEventState: z.string().nullable(),
  /** Since this node started (each node counts its own). */
  signatureFailures: z.number().int(),
  lastSignatureFailureAt: z.string().nullable(),
});

/** `GET /api/dialpad/status`: is Dialpad reaching us, and are deliveries being refused? */
export const dialpadStatusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/status', { onRequest: authenticate, schema: { response: { 200: statusSchema } } }, async (request) => {
    authorize(currentUser(request), 'dialpad:manage');
    const last = await dialpadStatusRepository.lastEvent(app.db);
    const refused = app.metrics.signatureFailures();
    return {
      secretConfigured: app.config.dialpadWebhookSecret !== undefined,
      secretSource: app.config.dialpadWebhookSecretSource,
      lastEventAt: last?.at.toISOString() ?? null,
      lastEventState: last?.state ?? null,
      signatureFailures: refused.count,
      lastSignatureFailureAt: refused.lastAt?.toISOString() ?? null,
    };
  });
};
