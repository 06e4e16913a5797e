import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blockedNumberListSchema, blockedNumberViewSchema, blockNumberBody } from '../../common/blocked-numbers';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { presentBlockedNumber } from './presenter';
import { blockedNumbersRepository } from './repository';
import { blockedNumberParams } from './schema';
import { blockNumber, unblockNumber } from './service';

/** `/api/blocked-numbers`: numbers blocked company-wide in Dialpad (admins; server/blocked-numbers/service.ts). */
export const blockedNumberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  const deps = (log: typeof app.log) => ({ db: app.db, config: app.config, log });

  app.get('/', { schema: { response: { 200: blockedNumberListSchema } } }, async (request) => {
    authorize(currentUser(request), 'numbers:block');
    const rows = await blockedNumbersRepository.list(app.db);
    return { items: rows.map(presentBlockedNumber), nextCursor: null };
  });

  app.post('/', { schema: { body: blockNumberBody, response: { 201: blockedNumberViewSchema } } }, async (request, reply) => {
    const view = await blockNumber(deps(request.log), currentUser(request), request.body);
    return reply.status(201).send(view);
  });

  app.delete('/:number', { schema: { params: blockedNumberParams, response: { 204: z.null() } } }, async (request, reply) => {
    await unblockNumber(deps(request.log), currentUser(request), request.params.number);
    return reply.status(204).send(null);
  });
};
