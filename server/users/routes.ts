import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword } from '../auth/password';
import { authorize } from '../auth/policy';
import { authenticate, currentUser, type SessionUser } from '../auth/session';
import type { Executor } from '../db/client';
import type { users } from '../db/schema';
import { badRequest, conflict, notFound } from '../http/errors';
import { storesRepository } from '../stores/repository';
import { presentUser } from './presenter';
import { type UserRow, usersRepository } from './repository';
import { createUserBody, type UpdateUserBody, updateUserBody, userIdParams, userListQuery, userListSchema, userSchema } from './schema';

type UserChanges = Partial<typeof users.$inferInsert>;

const uuid = z.uuid();

async function findUser(db: Executor, id: string): Promise<UserRow> {
  // A malformed id would make PostgreSQL raise; to the caller it is just an unknown user.
  const user = uuid.safeParse(id).success ? await usersRepository.findById(db, id) : undefined;
  if (!user) throw notFound('User');
  return user;
}

async function storeIdFor(db: Executor, code: string): Promise<string> {
  const store = await storesRepository.findByCode(db, code);
  if (!store) throw badRequest(`storeCode: no store has the code ${code}`, [{ field: 'body.storeCode', message: `no store has the code ${code}` }]);
  return store.id;
}

const UNIQUE_MESSAGES: Record<string, string> = {
  users_email_unique: 'A user with this email already exists',
  users_dialpad_user_id_unique: 'This Dialpad user id is already linked to another user',
};

/** Turns the database's unique and serialization failures into 409s that say what clashed. */
function explainDbError(err: unknown): unknown {
  let cause = err;
  // Drizzle wraps the driver's error; the code and constraint are on the innermost one.
  for (let i = 0; i < 5 && cause instanceof Error && cause.cause !== undefined; i++) cause = cause.cause;
  const { code, constraint } = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown; constraint?: unknown };
  if (code === '23505' && typeof constraint === 'string' && UNIQUE_MESSAGES[constraint]) return conflict(UNIQUE_MESSAGES[constraint]);
  if (code === '40001') return conflict('Another change to the administrators happened at the same time; try again');
  return err;
}

/** Applies an admin's change to a user, refusing any that would leave no active admin. */
async function changeUser(server: FastifyInstance, actor: SessionUser, target: UserRow, body: UpdateUserBody): Promise<UserRow> {
  const { db } = server;
  const values: UserChanges = {};
  if (body.name !== undefined) values.name = body.name;
  if (body.role !== undefined) values.role = body.role;
  if (body.storeCode !== undefined) values.storeId = body.storeCode === null ? null : await storeIdFor(db, body.storeCode);
  if (body.password !== undefined) values.passwordHash = await hashPassword(body.password);
  if (body.dialpadUserId !== undefined) values.dialpadUserId = body.dialpadUserId;
  if (body.disabled !== undefined) values.disabledAt = body.disabled ? (target.disabledAt ?? new Date()) : null;

  const role = values.role ?? target.role;
  const storeId = values.storeId !== undefined ? values.storeId : target.storeId;
  if (role === 'staff' && !storeId) {
    throw badRequest('storeCode: is required for staff', [{ field: 'body.storeCode', message: 'is required for staff' }]);
  }
  const disabling = target.disabledAt === null && body.disabled === true;
  if (disabling && target.id === actor.id) throw conflict('You cannot disable your own account');
  const losesAdmin = target.role === 'admin' && target.disabledAt === null && (disabling || role !== 'admin');

  await db
    .transaction(
      async (tx) => {
        if (losesAdmin && (await usersRepository.countActiveAdmins(tx)) <= 1) {
          throw conflict(`${target.email} is the last active admin; make another admin first`);
        }
        await usersRepository.update(tx, target.id, values);
      },
      // Serializable so two admins removing each other at once cannot both pass the count.
      losesAdmin ? { isolationLevel: 'serializable' } : undefined,
    )
    .catch((err: unknown) => {
      throw explainDbError(err);
    });

  // Sockets joined rooms for the old role and store (or an account now disabled): drop them at once.
  if (disabling || values.role !== undefined || values.storeId !== undefined) server.realtime.disconnectUser(target.id);
  return findUser(db, target.id);
}

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    { onRequest: authenticate, schema: { body: createUserBody, response: { 201: userSchema } } },
    async (request, reply) => {
      authorize(currentUser(request), 'users:manage');
      const { db } = request.server;
      const body = request.body;
      const storeId = body.storeCode ? await storeIdFor(db, body.storeCode) : null;
      const id = await usersRepository
        .insert(db, {
          email: body.email,
          name: body.name,
          role: body.role,
          storeId,
          passwordHash: await hashPassword(body.password),
          dialpadUserId: body.dialpadUserId ?? null,
        })
        .catch((err: unknown) => {
          throw explainDbError(err);
        });
      return reply.status(201).send(presentUser(await findUser(db, id)));
    },
  );

  app.get(
    '/',
    { onRequest: authenticate, schema: { querystring: userListQuery, response: { 200: userListSchema } } },
    async (request) => {
      authorize(currentUser(request), 'users:manage');
      const { limit, cursor } = request.query;
      // One extra row tells whether another page exists.
      const rows = await usersRepository.list(request.server.db, { after: cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(presentUser), nextCursor: rows.length > limit ? (page.at(-1)?.email ?? null) : null };
    },
  );

  app.get(
    '/:id',
    { onRequest: authenticate, schema: { params: userIdParams, response: { 200: userSchema } } },
    async (request) => {
      authorize(currentUser(request), 'users:manage');
      return presentUser(await findUser(request.server.db, request.params.id));
    },
  );

  app.patch(
    '/:id',
    { onRequest: authenticate, schema: { params: userIdParams, body: updateUserBody, response: { 200: userSchema } } },
    async (request) => {
      const actor = currentUser(request);
      authorize(actor, 'users:manage');
      const target = await findUser(request.server.db, request.params.id);
      return presentUser(await changeUser(request.server, actor, target, request.body));
    },
  );

  app.post(
    '/:id/disable',
    { onRequest: authenticate, schema: { params: userIdParams, response: { 200: userSchema } } },
    async (request) => {
      const actor = currentUser(request);
      authorize(actor, 'users:manage');
      const target = await findUser(request.server.db, request.params.id);
      return presentUser(await changeUser(request.server, actor, target, { disabled: true }));
    },
  );
};
