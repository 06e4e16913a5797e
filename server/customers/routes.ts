import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { queueContactChanges, touchesContact } from '../dialpad/contacts/outbox';
import { notFound } from '../http/errors';
import { parsePhones, resolveHomeStore } from './input';
import { presentCustomer } from './presenter';
import { customersRepository } from './repository';
import { createCustomerSchema, deleteCustomerSchema, getCustomerSchema, updateCustomerSchema } from './schema';

/**
 * /api/customers: create, read, update, delete (admins). Search, duplicates, merge, import and
 * export have a folder each here, registered beside this one under the same prefix (server/app.ts).
 */
export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
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
    // The Dialpad contact is queued in the same transaction as the customer (server/dialpad/contacts/).
    const id = await app.db.transaction(async (tx) => {
      const created = await customersRepository.create(
        tx,
        { ...values, cautionReason: values.caution ? values.cautionReason : '', homeStoreId, createdBy: user.id },
        parsedPhones,
      );
      await queueContactChanges(tx, app.config.dialpadContactsSync, [{ customerId: created, op: 'upsert' }]);
      return created;
    });
    return reply.status(201).send(await load(id));
  });

  app.get('/:id', { onRequest: authenticate, schema: getCustomerSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    return load(request.params.id);
  });

  app.patch('/:id', { onRequest: authenticate, schema: updateCustomerSchema }, async (request) => {
    const user = currentUser(request);
    authorize(user, 'customers:write');
    const { phones, homeStoreCode, ...values } = request.body;
    const parsedPhones = phones === undefined ? undefined : parsePhones(phones);
    // Staff may add, correct and relabel numbers, but not leave a known caller with none: every store's pop would lose them.
    if (parsedPhones?.length === 0) {
      const record = await customersRepository.findById(app.db, request.params.id);
      if (!record) throw notFound('Customer');
      if (record.phones.length > 0) authorize(user, 'customers:clear-phones');
    }
    const homeStoreId = homeStoreCode === undefined ? undefined : await resolveHomeStore(app.db, homeStoreCode);
    // Clearing the flag clears its reason, so an old warning never resurfaces with a new flag.
    const cautionReason = values.caution === false ? '' : values.cautionReason;
    const found = await app.db.transaction(async (tx) => {
      const updated = await customersRepository.update(
        tx,
        request.params.id,
        { ...values, ...(cautionReason === undefined ? {} : { cautionReason }), ...(homeStoreId === undefined ? {} : { homeStoreId }), updatedBy: user.id },
        parsedPhones,
      );
      if (updated && touchesContact(request.body)) {
        await queueContactChanges(tx, app.config.dialpadContactsSync, [{ customerId: request.params.id, op: 'upsert' }]);
      }
      return updated;
    });
    if (!found) throw notFound('Customer');
    return load(request.params.id);
  });

  app.delete('/:id', { onRequest: authenticate, schema: deleteCustomerSchema }, async (request, reply) => {
    authorize(currentUser(request), 'customers:delete');
    const deleted = await app.db.transaction(async (tx) => {
      const gone = await customersRepository.delete(tx, request.params.id);
      if (gone) await queueContactChanges(tx, app.config.dialpadContactsSync, [{ customerId: request.params.id, op: 'delete' }]);
      return gone;
    });
    if (!deleted) throw notFound('Customer');
    return reply.status(204).send();
  });
};
