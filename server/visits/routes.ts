import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { customersRepository } from '../customers/repository';
import type { Executor } from '../db/client';
import { decodeCursor, page } from '../http/cursor';
import { badRequest, notFound } from '../http/errors';
import { presentVisit, presentVisitSummary } from './presenter';
import { visitsRepository } from './repository';
import { createVisitSchema, deleteVisitSchema, listVisitsSchema, updateVisitSchema, visitSummaryRouteSchema } from './schema';

async function requireCustomer(db: Executor, id: string): Promise<void> {
  if (!(await customersRepository.getSummary(db, id))) throw notFound('Customer');
}

/** A store code → its id (null: no store); 400 naming the field when no store has it. */
async function resolveStore(db: Executor, code: string | null): Promise<string | null> {
  if (code === null) return null;
  const store = await customersRepository.findStoreByCode(db, code);
  if (!store) throw badRequest(`body.storeCode: no store has the code "${code}"`, [{ field: 'body.storeCode', message: 'Unknown store code', code: 'unknown' }]);
  return store.id;
}

/** /api/customers/:id/visits: usage history, newest first, and its summary. */
export const visitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  const find = async (customerId: string, visitId: string) => {
    const row = await visitsRepository.findById(app.db, customerId, visitId);
    if (!row) throw notFound('Visit');
    return row;
  };
  const load = async (customerId: string, visitId: string) => presentVisit(await find(customerId, visitId));

  app.get('/', { schema: listVisitsSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const { id } = request.params;
    const { cursor, limit } = request.query;
    await requireCustomer(app.db, id);
    const rows = await visitsRepository.recentForCustomer(app.db, id, limit + 1, cursor ? decodeCursor(cursor) : undefined);
    const result = page(rows, limit, (v) => ({ at: v.visitedAt, id: v.id }));
    return { items: result.items.map(presentVisit), nextCursor: result.nextCursor };
  });

  app.get('/summary', { schema: visitSummaryRouteSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    await requireCustomer(app.db, request.params.id);
    return presentVisitSummary(await visitsRepository.summaryForCustomer(app.db, request.params.id));
  });

  app.post('/', { schema: createVisitSchema }, async (request, reply) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { id } = request.params;
    const { visitedAt, storeCode, ...values } = request.body;
    await requireCustomer(app.db, id);
    const storeId = await resolveStore(app.db, storeCode);
    // Staff record visits of their own store (or of no store); another store's takings are its own.
    authorize(user, 'visits:write', { storeCode, authorId: user.id });
    const visitId = await visitsRepository.create(app.db, { ...values, visitedAt: new Date(visitedAt), storeId, customerId: id, createdBy: user.id });
    return reply.status(201).send(await load(id, visitId));
  });

  app.patch('/:visitId', { schema: updateVisitSchema }, async (request) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { id, visitId } = request.params;
    const { visitedAt, storeCode, ...values } = request.body;
    const existing = await find(id, visitId);
    authorize(user, 'visits:write', { storeCode: existing.storeCode, authorId: existing.createdBy });
    const storeId = storeCode === undefined ? undefined : await resolveStore(app.db, storeCode);
    // Nor may staff move a visit to another store's record.
    if (storeCode !== undefined) authorize(user, 'visits:write', { storeCode, authorId: existing.createdBy });
    const found = await visitsRepository.update(app.db, id, visitId, {
      ...values,
      ...(visitedAt === undefined ? {} : { visitedAt: new Date(visitedAt) }),
      ...(storeId === undefined ? {} : { storeId }),
    });
    if (!found) throw notFound('Visit');
    return load(id, visitId);
  });

  app.delete('/:visitId', { schema: deleteVisitSchema }, async (request, reply) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { id, visitId } = request.params;
    const existing = await find(id, visitId);
    authorize(user, 'visits:write', { storeCode: existing.storeCode, authorId: existing.createdBy });
    if (!(await visitsRepository.delete(app.db, id, visitId))) throw notFound('Visit');
    return reply.status(204).send();
  });
};
