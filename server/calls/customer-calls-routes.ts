import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerCallListSchema } from '../../common/calls';
import { authorize, callViewer } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { customersRepository } from '../customers/repository';
import { customerParams } from '../customers/schema';
import { decodeCursor, page } from '../http/cursor';
import { notFound } from '../http/errors';
import { presentCustomerCall } from './presenter';
import { callsRepository } from './repository';
import { customerCallsQuery } from './schema';

/**
 * GET /api/customers/:id/calls: the customer's history, of the calls the user may see (a customer
 * is chain-wide, a call is its store's: staff of another store see none of them, as on
 * GET /api/calls/:callId). Here rather than in customers/, so calls depend on customers and never
 * the other way round.
 */
export const customerCallRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/calls',
    { onRequest: authenticate, schema: { params: customerParams, querystring: customerCallsQuery, response: { 200: customerCallListSchema } } },
    async (request) => {
      const user = currentUser(request);
      authorize(user, 'customers:read');
      const { id } = request.params;
      const { cursor, limit } = request.query;
      if (!(await customersRepository.getSummary(app.db, id))) throw notFound('Customer');
      const rows = await callsRepository.list(app.db, { customerId: id, visibleTo: callViewer(user), before: cursor ? decodeCursor(cursor) : undefined, limit: limit + 1 });
      const result = page(rows, limit, (c) => ({ at: c.startedAt, id: c.id }));
      return { items: result.items.map(presentCustomerCall), nextCursor: result.nextCursor };
    },
  );
};
