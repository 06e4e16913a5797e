import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerUsageSchema } from '../../../common/usage';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { notFound } from '../../http/errors';
import { customersRepository } from '../repository';
import { customerParams } from '../schema';
import { customerUsage } from './repository';

/** GET /api/customers/:id/usage: what deleting the customer removes and leaves, for the admin's confirmation. */
export const customerUsageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/:id/usage', { onRequest: authenticate, schema: { params: customerParams, response: { 200: customerUsageSchema } } }, async (request) => {
    // Asked only before a delete, which is an admin's.
    authorize(currentUser(request), 'customers:delete');
    const { id } = request.params;
    if (!(await customersRepository.getSummary(app.db, id))) throw notFound('Customer');
    return customerUsage(app.db, id);
  });
};
