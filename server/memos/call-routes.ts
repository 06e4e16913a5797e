import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createCallMemoBody, memoViewSchema } from '../../common/memos';
import { authorize, callScope, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { notFound } from '../http/errors';
import { presentMemo } from './presenter';
import { memosRepository } from './repository';

const callMemoParams = z.object({ callId: z.string().min(1).max(100) });

/**
 * POST /api/calls/:callId/memos: a memo written on a call's card. Staff can write one while the
 * caller is still unknown: it is the call's until the call is linked (or registered), then the
 * customer's (server/calls/link.ts moves it in the link's transaction). On a linked call it is the
 * customer's at once, as POST /api/customers/:id/memos with the callId would make it.
 */
export const callMemoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    { onRequest: authenticate, schema: { params: callMemoParams, body: createCallMemoBody, response: { 201: memoViewSchema } } },
    async (request, reply) => {
      const user = currentUser(request);
      const { callId } = request.params;
      const call = await memosRepository.findCall(app.db, callId);
      // A call of another store is as invisible as one that does not exist (as GET /api/calls/:callId).
      if (!call || !can(user, 'calls:read', callScope(call))) throw notFound('Call');
      authorize(user, 'customers:write');
      const { body, pinned } = request.body;
      const memoId = await memosRepository.create(app.db, { customerId: call.customerId, body, pinned, callId, authorId: user.id });
      const memo = await memosRepository.findOnCall(app.db, callId, memoId);
      if (!memo) throw notFound('Memo');
      return reply.status(201).send(presentMemo(memo, user));
    },
  );
};
