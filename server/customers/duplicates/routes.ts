import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { presentDuplicateGroup } from './presenter';
import { findDuplicates } from './repository';
import { listDuplicatesSchema } from './schema';

/** GET /api/customers/duplicates: customers that may be one person, for the merge screen. */
export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/duplicates', { onRequest: authenticate, schema: listDuplicatesSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const { reason, cursor, limit } = request.query;
    const result = await findDuplicates(app.db, { reason, cursor: cursor || undefined, limit });
    return { items: result.groups.map(presentDuplicateGroup), nextCursor: result.nextCursor };
  });
};
