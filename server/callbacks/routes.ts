import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callbackListSchema, callbackViewSchema, updateCallbackBody } from '../../common/callbacks';
import { authorize, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { decodeCursor, page } from '../http/cursor';
import { notFound } from '../http/errors';
import { presentCallback } from './presenter';
import { callbacksRepository } from './repository';
import { callbackIdParams, listCallbacksQuery } from './schema';

export const callbackRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.get('/', { schema: { querystring: listCallbacksQuery, response: { 200: callbackListSchema } } }, async (request) => {
    const user = currentUser(request);
    const q = request.query;
    if (q.store !== undefined) authorize(user, 'callbacks:work', { storeCode: q.store });
    const rows = await callbacksRepository.list(app.db, {
      status: q.status,
      // Staff work their own store's queue whatever they ask for.
      storeCode: user.role === 'admin' ? q.store : (user.storeCode ?? '-'),
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const result = page(rows, q.limit, (r) => ({ at: r.lastCallAt, id: r.id }));
    return { items: result.items.map(presentCallback), nextCursor: result.nextCursor };
  });

  app.patch(
    '/:id',
    { schema: { params: callbackIdParams, body: updateCallbackBody, response: { 200: callbackViewSchema } } },
    async (request) => {
      const user = currentUser(request);
      const existing = await callbacksRepository.findById(app.db, request.params.id);
      if (!existing || !can(user, 'callbacks:work', { storeCode: existing.storeCode })) throw notFound('Call-back');
      await callbacksRepository.update(app.db, existing.id, { ...request.body, userId: user.id });
      const view = presentCallback((await callbacksRepository.findById(app.db, existing.id))!);
      app.realtime.publish('callback_updated', view, { storeCode: existing.storeCode, userIds: [] });
      return view;
    },
  );
};
