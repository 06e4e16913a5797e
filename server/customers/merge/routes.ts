import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { decodeCursor, page } from '../../http/cursor';
import { notFound } from '../../http/errors';
import { presentCustomer } from '../presenter';
import { customersRepository } from '../repository';
import { mergeCustomers } from './merge';
import { presentMerge } from './presenter';
import { mergeRepository } from './repository';
import { listMergesSchema, mergeCustomerSchema } from './schema';

/** /api/customers: merging one customer into another, and the merge history. */
export const mergeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.post(
    '/:id/merge',
    // Authorized before the body is read, so staff get 403 whatever they send.
    { onRequest: async (request) => authorize(currentUser(request), 'customers:merge'), schema: mergeCustomerSchema },
    async (request) => {
      const user = currentUser(request);
      const result = await mergeCustomers(app.db, {
        targetId: request.params.id,
        sourceId: request.body.sourceId,
        userId: user.id,
        syncContacts: app.config.dialpadContactsSync,
      });
      const [target, merge] = await Promise.all([
        customersRepository.findById(app.db, result.targetId),
        mergeRepository.findById(app.db, result.mergeId),
      ]);
      // Deleted (or merged on) between our commit and this read: say so rather than answer half.
      if (!target || !merge) throw notFound('Customer');
      return { customer: presentCustomer(target.row, target.phones, target.homeStore), merge: presentMerge(merge) };
    },
  );

  app.get('/:id/merges', { schema: listMergesSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const customer = await customersRepository.findById(app.db, request.params.id);
    if (!customer) throw notFound('Customer');
    const { cursor, limit } = request.query;
    const rows = await mergeRepository.listForTarget(app.db, customer.row.id, { before: cursor ? decodeCursor(cursor) : undefined, limit: limit + 1 });
    const result = page(rows, limit, (r) => ({ at: r.mergedAt, id: r.id }));
    return { items: result.items.map(presentMerge), nextCursor: result.nextCursor };
  });
};
