import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { presentCustomerCall } from '../calls/presenter';
import { callsRepository } from '../calls/repository';
import { customerCallListSchema, customerCallsQuery } from '../calls/schema';
import { decodeCursor, page } from '../http/cursor';
import { notFound } from '../http/errors';
import { parsePhone, parsePhones, resolveHomeStore } from './input';
import { csvRoutes } from './csv-routes';
import { mergeRoutes } from './merge-routes';
import { presentCustomer, presentCustomerListItem } from './presenter';
import { customersRepository } from './repository';
import { createCustomerSchema, customerParams, deleteCustomerSchema, getCustomerSchema, listCustomersSchema, updateCustomerSchema } from './schema';
import { parseSearchTerm } from './search';

/** /api/customers: create, read, update, delete (admins) and search. */
export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(mergeRoutes);
  await app.register(csvRoutes);
  const load = async (id: string) => {
    const record = await customersRepository.findById(app.db, id);
    if (!record) throw notFound('Customer');
    return presentCustomer(record.row, record.phones, record.homeStore);
  };

  app.post('/', { onRequest: authenticate, schema: createCustomerSchema }, async (request, reply) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { phones, homeStoreCode, ...values } = request.body;
    const parsedPhones = parsePhones(phones);
    const homeStoreId = await resolveHomeStore(app.db, homeStoreCode);
    const id = await customersRepository.create(
      app.db,
      { ...values, cautionReason: values.caution ? values.cautionReason : '', homeStoreId, createdBy: user.id },
      parsedPhones,
    );
    return reply.status(201).send(await load(id));
  });

  app.get('/', { onRequest: authenticate, schema: listCustomersSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const { q, phone, cursor, limit } = request.query;
    const page = await customersRepository.search(app.db, {
      term: parseSearchTerm(q),
      phoneE164: phone === undefined || phone.trim() === '' ? undefined : parsePhone(phone, 'querystring.phone'),
      cursor: cursor || undefined,
      limit,
    });
    return { items: page.records.map(presentCustomerListItem), nextCursor: page.nextCursor };
  });

  app.get('/:id', { onRequest: authenticate, schema: getCustomerSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    return load(request.params.id);
  });

  // The customer's whole history, every store's calls: a customer record is chain-wide, as on the popup.
  app.get(
    '/:id/calls',
    { onRequest: authenticate, schema: { params: customerParams, querystring: customerCallsQuery, response: { 200: customerCallListSchema } } },
    async (request) => {
      authorize(currentUser(request), 'customers:read');
      const { id } = request.params;
      const { cursor, limit } = request.query;
      if (!(await customersRepository.getSummary(app.db, id))) throw notFound('Customer');
      const rows = await callsRepository.list(app.db, { customerId: id, before: cursor ? decodeCursor(cursor) : undefined, limit: limit + 1 });
      const result = page(rows, limit, (c) => ({ at: c.startedAt, id: c.id }));
      return { items: result.items.map(presentCustomerCall), nextCursor: result.nextCursor };
    },
  );

  app.patch('/:id', { onRequest: authenticate, schema: updateCustomerSchema }, async (request) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { phones, homeStoreCode, ...values } = request.body;
    const parsedPhones = phones === undefined ? undefined : parsePhones(phones);
    const homeStoreId = homeStoreCode === undefined ? undefined : await resolveHomeStore(app.db, homeStoreCode);
    // Clearing the flag clears its reason, so an old warning never resurfaces with a new flag.
    const cautionReason = values.caution === false ? '' : values.cautionReason;
    const found = await customersRepository.update(
      app.db,
      request.params.id,
      { ...values, ...(cautionReason === undefined ? {} : { cautionReason }), ...(homeStoreId === undefined ? {} : { homeStoreId }), updatedBy: user.id },
      parsedPhones,
    );
    if (!found) throw notFound('Customer');
    return load(request.params.id);
  });

  app.delete('/:id', { onRequest: authenticate, schema: deleteCustomerSchema }, async (request, reply) => {
    authorize(currentUser(request), 'customers:delete');
    if (!(await customersRepository.delete(app.db, request.params.id))) throw notFound('Customer');
    return reply.status(204).send();
  });
};
