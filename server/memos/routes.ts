import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize, callScope, can } from '../auth/policy';
import { authenticate, currentUser, type SessionUser } from '../auth/session';
import { customersRepository } from '../customers/repository';
import type { Executor } from '../db/client';
import { badRequest, notFound } from '../http/errors';
import { decodeMemoCursor, encodeMemoCursor } from './cursor';
import { presentMemo } from './presenter';
import { memosRepository } from './repository';
import { createMemoSchema, deleteMemoSchema, listMemosSchema, updateMemoSchema } from './schema';

async function requireCustomer(db: Executor, id: string): Promise<void> {
  if (!(await customersRepository.getSummary(db, id))) throw notFound('Customer');
}

/** The call a memo was written during; one the user may not see is as unknown as one that does not exist. */
async function requireCall(db: Executor, user: SessionUser, callId: string): Promise<void> {
  const call = await memosRepository.findCall(db, callId);
  if (!call || !can(user, 'calls:read', callScope(call))) {
    throw badRequest(`body.callId: no call has the id "${callId}"`, [{ field: 'body.callId', message: 'Unknown call', code: 'unknown' }]);
  }
}

/** /api/customers/:id/memos: staff notes about a customer, pinned first. */
export const memoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  const load = async (customerId: string, memoId: string) => {
    const row = await memosRepository.findById(app.db, customerId, memoId);
    if (!row) throw notFound('Memo');
    return row;
  };

  app.get('/', { schema: listMemosSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const { id } = request.params;
    const { cursor, limit } = request.query;
    await requireCustomer(app.db, id);
    const rows = await memosRepository.listForCustomer(app.db, id, limit + 1, cursor ? decodeMemoCursor(cursor) : undefined);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((m) => presentMemo(m, currentUser(request))),
      nextCursor: rows.length > limit && last ? encodeMemoCursor({ pinned: last.pinned, at: last.sortAt, id: last.id }) : null,
    };
  });

  app.post('/', { schema: createMemoSchema }, async (request, reply) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { id } = request.params;
    const { body, pinned, callId } = request.body;
    await requireCustomer(app.db, id);
    if (callId) await requireCall(app.db, user, callId);
    const memoId = await memosRepository.create(app.db, { customerId: id, body, pinned, callId: callId ?? null, authorId: user.id });
    return reply.status(201).send(presentMemo(await load(id, memoId), user));
  });

  app.patch('/:memoId', { schema: updateMemoSchema }, async (request) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { id, memoId } = request.params;
    const memo = await load(id, memoId);
    // Anyone may pin a memo; its words stay its author's.
    if (request.body.body !== undefined && request.body.body !== memo.body) authorize(user, 'memos:edit', { authorId: memo.authorId });
    if (!(await memosRepository.update(app.db, id, memoId, request.body))) throw notFound('Memo');
    return presentMemo(await load(id, memoId), user);
  });

  app.delete('/:memoId', { schema: deleteMemoSchema }, async (request, reply) => {
    const user = currentUser(request);
    const { id, memoId } = request.params;
    const memo = await load(id, memoId);
    authorize(user, 'memos:delete', { authorId: memo.authorId });
    if (!(await memosRepository.delete(app.db, id, memoId))) throw notFound('Memo');
    return reply.status(204).send();
  });
};
