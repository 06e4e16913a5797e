import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { recentCallsMissingLinks } from '../calls/recordings-repository';
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
  /**
   * Calls of the last 7 days whose voicemail_uploaded or recording event came without any link: when
   * above 0, the API key lacks the recordings_export scope (staff see no 留守電 ▶ / 録音 ▶).
   */
  callsMissingRecordingLinks: z.number().int(),
});

/** `GET /api/dialpad/status`: is Dialpad reaching us, and are deliveries being refused? */
export const dialpadStatusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/status', { onRequest: authenticate, schema: { response: { 200: statusSchema } } }, async (request) => {
    authorize(currentUser(request), 'dialpad:manage');
    const last = await dialpadStatusRepository.lastEvent(app.db);
    const refused = app.metrics.signatureFailures();
    const missing = await recentCallsMissingLinks(app.db);
    return {
      secretConfigured: app.config.dialpadWebhookSecret !== undefined,
      secretSource: app.config.dialpadWebhookSecretSource,
      lastEventAt: last?.at.toISOString() ?? null,
      lastEventState: last?.state ?? null,
      signatureFailures: refused.count,
      lastSignatureFailureAt: refused.lastAt?.toISOString() ?? null,
      callsMissingRecordingLinks: missing.calls,
    };
  });
};
