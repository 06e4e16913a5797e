import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createStoreBody, storeListSchema, storeSchema, updateStoreBody } from '../../common/stores';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import type { Executor } from '../db/client';
import { conflict, notFound } from '../http/errors';
import { presentStore } from './presenter';
import { type StoreRow, storesRepository } from './repository';
import { storeCodeParams, storeListQuery } from './schema';

/** A number must lead to one store: refuse prefixes or an office another store already has. */
async function assertUnclaimed(
  db: Executor,
  claim: { prefixes: string[]; dialpadOfficeId: string | null | undefined },
  storeId?: string,
): Promise<void> {
  const owners = await storesRepository.prefixOwners(db, claim.prefixes, storeId);
  if (owners.length > 0) {
    const list = owners.map((o) => `${o.prefix} (store ${o.code} ${o.name})`).join(', ');
    throw conflict(`Prefix ${list} already belongs to another store`, [{ field: 'body.phonePrefixes', message: 'Already belongs to another store', code: 'taken' }]);
  }
  if (claim.dialpadOfficeId) {
    const owner = await storesRepository.findByOfficeId(db, claim.dialpadOfficeId);
    if (owner && owner.id !== storeId) {
      throw conflict(`Dialpad office ${claim.dialpadOfficeId} already belongs to store ${owner.code} (${owner.name})`, [
        { field: 'body.dialpadOfficeId', message: 'Already belongs to another store', code: 'taken' },
      ]);
    }
  }
}

async function findStore(db: Executor, code: string): Promise<StoreRow> {
  const store = await storesRepository.findByCode(db, code);
  if (!store) throw notFound(`Store ${code}`);
  return store;
}

export const storeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    { onRequest: authenticate, schema: { body: createStoreBody, response: { 201: storeSchema } } },
    async (request, reply) => {
      authorize(currentUser(request), 'stores:manage');
      const body = request.body;
      const store = await request.server.db.transaction(async (tx) => {
        if (await storesRepository.findByCode(tx, body.code)) {
          throw conflict(`A store with code ${body.code} already exists`, [{ field: 'body.code', message: 'Already used by another store', code: 'taken' }]);
        }
        await assertUnclaimed(tx, { prefixes: body.phonePrefixes, dialpadOfficeId: body.dialpadOfficeId });
        const id = await storesRepository.insert(tx, {
          code: body.code,
          name: body.name,
          dialpadOfficeId: body.dialpadOfficeId ?? null,
          outboundCallerId: body.outboundCallerId ?? null,
          hours: body.hours ?? null,
        });
        await storesRepository.replacePrefixes(tx, id, body.phonePrefixes);
        return findStore(tx, body.code);
      });
      return reply.status(201).send(presentStore(store));
    },
  );

  app.get(
    '/',
    { onRequest: authenticate, schema: { querystring: storeListQuery, response: { 200: storeListSchema } } },
    async (request) => {
      authorize(currentUser(request), 'stores:read');
      const { limit, cursor } = request.query;
      // One extra row tells whether another page exists.
      const rows = await storesRepository.list(request.server.db, { after: cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(presentStore), nextCursor: rows.length > limit ? (page.at(-1)?.code ?? null) : null };
    },
  );

  app.get(
    '/:code',
    { onRequest: authenticate, schema: { params: storeCodeParams, response: { 200: storeSchema } } },
    async (request) => {
      authorize(currentUser(request), 'stores:read');
      return presentStore(await findStore(request.server.db, request.params.code));
    },
  );

  app.patch(
    '/:code',
    { onRequest: authenticate, schema: { params: storeCodeParams, body: updateStoreBody, response: { 200: storeSchema } } },
    async (request) => {
      authorize(currentUser(request), 'stores:manage');
      const { code } = request.params;
      const body = request.body;
      const store = await request.server.db.transaction(async (tx) => {
        const current = await findStore(tx, code);
        await assertUnclaimed(tx, { prefixes: body.phonePrefixes ?? [], dialpadOfficeId: body.dialpadOfficeId }, current.id);
        await storesRepository.update(tx, current.id, {
          name: body.name,
          dialpadOfficeId: body.dialpadOfficeId,
          outboundCallerId: body.outboundCallerId,
          hours: body.hours,
        });
        if (body.phonePrefixes) await storesRepository.replacePrefixes(tx, current.id, body.phonePrefixes);
        return findStore(tx, code);
      });
      return presentStore(store);
    },
  );

  app.delete(
    '/:code',
    { onRequest: authenticate, schema: { params: storeCodeParams, response: { 204: z.null() } } },
    async (request, reply) => {
      authorize(currentUser(request), 'stores:manage');
      const { code } = request.params;
      await request.server.db.transaction(async (tx) => {
        const store = await findStore(tx, code);
        const members = await storesRepository.countUsers(tx, store.id);
        if (members > 0) throw conflict(`${members} user(s) still belong to store ${code}; move or delete them first`);
        await storesRepository.remove(tx, store.id);
      });
      return reply.status(204).send(null);
    },
  );
};
