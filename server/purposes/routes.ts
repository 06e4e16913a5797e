import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createPurposeBody, purposeListSchema, purposeViewSchema, updatePurposeBody } from '../../common/purposes';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { isUniqueViolation } from '../db/errors';
import { conflict, notFound } from '../http/errors';
import { presentPurpose } from './presenter';
import { type PurposeRow, purposesRepository } from './repository';
import { purposeIdParams } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A second purpose with the same label would make the report's columns ambiguous. */
async function uniqueLabel<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'call_purposes_label_idx')) {
      throw conflict('A purpose with this label exists already', [{ field: 'body.label', message: 'Already used by another purpose', code: 'taken' }]);
    }
    throw err;
  }
}

/** /api/call-purposes: everyone signed in reads the list (the card offers it); admins edit it. */
export const purposeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  app.get('/', { schema: { response: { 200: purposeListSchema } } }, async () => {
    return { items: (await purposesRepository.list(app.db)).map(presentPurpose) };
  });

  app.post('/', { schema: { body: createPurposeBody, response: { 201: purposeViewSchema } } }, async (request, reply) => {
    authorize(currentUser(request), 'purposes:manage');
    const row = await uniqueLabel(() => purposesRepository.create(app.db, request.body));
    return reply.code(201).send(presentPurpose(row));
  });

  app.patch('/:id', { schema: { params: purposeIdParams, body: updatePurposeBody, response: { 200: purposeViewSchema } } }, async (request) => {
    authorize(currentUser(request), 'purposes:manage');
    const { id } = request.params;
    const row: PurposeRow | undefined = UUID.test(id) ? await uniqueLabel(() => purposesRepository.update(app.db, id, request.body)) : undefined;
    if (!row) throw notFound('Purpose');
    return presentPurpose(row);
  });
};
