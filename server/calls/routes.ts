import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callDetailSchema, callListSchema, linkCustomerBody } from '../../common/calls';
import { authorize, callScope, callViewer, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { decodeCursor, page } from '../http/cursor';
import { notFound } from '../http/errors';
import { announce } from './announce';
import { loadCallDetail } from './detail';
import { linkCallToCustomer, linkTargetFrom } from './link';
import { presentCall } from './presenter';
import { callsRepository } from './repository';
import { callIdParams, listCallsQuery } from './schema';

/** A ringing call older than this is stale (its end was never delivered) and no longer "active". */
const ACTIVE_WINDOW_MS = 2 * 60 * 60 * 1000;

export const callRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.get('/active', { schema: { response: { 200: callListSchema } } }, async (request) => {
    const user = currentUser(request);
    authorize(user, 'calls:read');
    const rows = await callsRepository.listActive(app.db, {
      visibleTo: callViewer(user),
      since: new Date(Date.now() - ACTIVE_WINDOW_MS),
    });
    return { items: rows.map(presentCall), nextCursor: null };
  });

  app.get('/', { schema: { querystring: listCallsQuery, response: { 200: callListSchema } } }, async (request) => {
    const user = currentUser(request);
    const q = request.query;
    // Staff see the calls the policy gives them whatever they ask for; asking for another store is refused.
    if (q.store !== undefined) authorize(user, 'calls:read', { storeCode: q.store });
    const rows = await callsRepository.list(app.db, {
      visibleTo: callViewer(user),
      storeCode: q.store,
      state: q.state,
      customerId: q.customerId,
      isTest: q.test,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const result = page(rows, q.limit, (c) => ({ at: c.startedAt, id: c.id }));
    return { items: result.items.map(presentCall), nextCursor: result.nextCursor };
  });

  app.get('/:callId', { schema: { params: callIdParams, response: { 200: callDetailSchema } } }, async (request) => {
    const user = currentUser(request);
    const call = await callsRepository.findById(app.db, request.params.callId);
    // A call of another store is as invisible to staff as one that does not exist.
    if (!call || !can(user, 'calls:read', callScope(call))) throw notFound('Call');
    return loadCallDetail(app.db, call, user);
  });

  /** Says who an unknown (or shared) number is; every open card of the call learns it on the socket. */
  app.post(
    '/:callId/customer',
    { schema: { params: callIdParams, body: linkCustomerBody, response: { 200: callDetailSchema } } },
    async (request) => {
      const user = currentUser(request);
      const found = await callsRepository.findById(app.db, request.params.callId);
      if (!found || !can(user, 'calls:read', callScope(found))) throw notFound('Call');
      authorize(user, 'customers:write');
      const target = await linkTargetFrom(app.db, request.body, user.id);
      const { call, callbackIds } = await linkCallToCustomer(app.db, found.id, target);
      // After the commit, to the screens the call's own updates reach.
      const answeredBy = call.answeredByDialpadId ? await callsRepository.userIdForDialpadUser(app.db, call.answeredByDialpadId) : null;
      await announce({ db: app.db, realtime: app.realtime, log: request.log }, { call, incoming: null, agentUserId: answeredBy, changed: true, callbackIds }, performance.now());
      return loadCallDetail(app.db, call, user);
    },
  );
};
