import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { outboundCallBody, outboundCallResult } from '../../common/outbound';
import { authenticate, currentUser } from '../auth/session';
import { placeOutboundCall } from './outbound';

/** `POST /api/calls/outbound`: click-to-call through Dialpad for the signed-in user (server/calls/outbound.ts). */
export const outboundRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.post(
    '/outbound',
    {
      schema: {
        summary: 'Place a call through Dialpad (click-to-call)',
        tags: ['calls'],
        body: outboundCallBody,
        response: { 202: outboundCallResult },
      },
    },
    async (request, reply) => {
      const result = await placeOutboundCall(
        { db: app.db, config: app.config, realtime: app.realtime, log: request.log },
        currentUser(request),
        request.body,
      );
      // Accepted: Dialpad now rings the user's app; the call itself is known from its events.
      return reply.status(202).send(result);
    },
  );
};
