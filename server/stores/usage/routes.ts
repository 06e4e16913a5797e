import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { storeUsageSchema } from '../../../common/usage';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { notFound } from '../../http/errors';
import { storesRepository } from '../repository';
import { storeCodeParams } from '../schema';
import { storeUsage } from './repository';

/** GET /api/stores/:code/usage: what deleting the store removes and leaves, and which users must move first (admin). */
export const storeUsageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/:code/usage', { onRequest: authenticate, schema: { params: storeCodeParams, response: { 200: storeUsageSchema } } }, async (request) => {
    authorize(currentUser(request), 'stores:manage');
    const store = await storesRepository.findByCode(app.db, request.params.code);
    if (!store) throw notFound(`Store ${request.params.code}`);
    return storeUsage(app.db, store.id);
  });
};
