import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callbackListSchema, callbackViewSchema, updateCallbackBody } from '../../common/callbacks';
import { authorize, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { decodeCursor, page } from '../http/cursor';
import { badRequest, forbidden, notFound } from '../http/errors';
import type { SessionUser } from '../auth/session';
import type { Executor } from '../db/client';
import { presentCallback } from './presenter';
import { type CallbackRow, callbacksRepository } from './repository';
import { callbackIdParams, listCallbacksQuery } from './schema';

/**
 * Taking a task is oneself as owner; giving it to someone else (or taking it from its owner) is an
 * admin's; letting go is the owner's. The new owner must be able to work the task.
 */
async function checkOwnerChange(db: Executor, user: SessionUser, task: CallbackRow, ownerId: string | null): Promise<void> {
  const mine = ownerId === user.id && (task.ownerId === null || task.ownerId === user.id);
  const release = ownerId === null && task.ownerId === user.id;
  if (!mine && !release && !can(user, 'callbacks:assign')) {
    throw forbidden('Staff take an unowned task for themselves or let go of their own; an admin assigns tasks');
  }
  if (ownerId !== null && !(await callbacksRepository.canOwn(db, ownerId, task.storeCode))) {
    throw badRequest('This user cannot work this task (an active admin, or staff of its store)', [
      { field: 'ownerId', message: 'Not an active user who can work this task', code: 'not_assignable' },
    ]);
  }
}

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
      queue: q.queue,
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const result = page(rows, q.limit, (r) => ({ at: q.status === 'open' ? r.firstCallAt : r.lastCallAt, id: r.id }));
    return { items: result.items.map(presentCallback), nextCursor: result.nextCursor };
  });

  app.patch(
    '/:id',
    { schema: { params: callbackIdParams, body: updateCallbackBody, response: { 200: callbackViewSchema } } },
    async (request) => {
      const user = currentUser(request);
      const existing = await callbacksRepository.findById(app.db, request.params.id);
      if (!existing || !can(user, 'callbacks:work', { storeCode: existing.storeCode })) throw notFound('Call-back');
      if (request.body.ownerId !== undefined) await checkOwnerChange(app.db, user, existing, request.body.ownerId);
      await callbacksRepository.update(app.db, existing.id, { ...request.body, userId: user.id });
      const view = presentCallback((await callbacksRepository.findById(app.db, existing.id))!);
      app.realtime.publish('callback_updated', view, { storeCode: existing.storeCode, userIds: [] });
      return view;
    },
  );
};
