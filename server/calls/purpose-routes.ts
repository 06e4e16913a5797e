import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callViewSchema } from '../../common/calls';
import { setCallPurposeBody } from '../../common/purposes';
import { callScope, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { badRequest, notFound } from '../http/errors';
import { purposesRepository } from '../purposes/repository';
import { announce } from './announce';
import { presentCall } from './presenter';
import { callsRepository } from './repository';
import { callIdParams } from './schema';

/** `PUT /api/calls/:callId/purpose`: why they called, set by anyone who can see the call, during it or after. */
export const callPurposeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.put('/:callId/purpose', { schema: { params: callIdParams, body: setCallPurposeBody, response: { 200: callViewSchema } } }, async (request) => {
    const user = currentUser(request);
    const found = await callsRepository.findById(app.db, request.params.callId);
    // A call of another store is as invisible as one that does not exist (the same rule as reading it).
    if (!found || !can(user, 'calls:read', callScope(found))) throw notFound('Call');
    const { purposeId } = request.body;
    if (purposeId !== null && !(await purposesRepository.isActive(app.db, purposeId))) {
      throw badRequest('No such purpose, or it is archived', [{ field: 'body.purposeId', message: 'Not an active purpose of the list', code: 'unknown_purpose' }]);
    }
    await callsRepository.setPurpose(app.db, found.id, purposeId);
    const call = (await callsRepository.findById(app.db, found.id))!;
    // After the write: every screen showing the call learns its purpose.
    const answeredBy = call.answeredByDialpadId ? await callsRepository.userIdForDialpadUser(app.db, call.answeredByDialpadId) : null;
    await announce({ db: app.db, realtime: app.realtime, log: request.log }, { call, incoming: null, agentUserId: answeredBy, changed: true, callbackIds: [] }, performance.now());
    return presentCall(call);
  });
};
