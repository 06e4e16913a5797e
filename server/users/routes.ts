import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DetailCode } from '../../common/errors';
import { createUserBody, type UpdateUserBody, updateUserBody, userListSchema, userSchema } from '../../common/users';
import { authorize } from '../auth/policy';
import { authenticate, currentUser, type SessionUser } from '../auth/session';
import type { Executor } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { presentUser } from './presenter';
import { type UserRow, usersRepository } from './repository';
import { createUser, updateUser, UserRuleError, type UserRuleReason } from './service';
import { userIdParams, userListQuery } from './schema';

const uuid = z.uuid();

async function findUser(db: Executor, id: string): Promise<UserRow> {
  // A malformed id would make PostgreSQL raise; to the caller it is just an unknown user.
  const user = uuid.safeParse(id).success ? await usersRepository.findById(db, id) : undefined;
  if (!user) throw notFound('User');
  return user;
}

/** The API's wording of a refused create or change: 400 naming the field, or 409. */
function toHttpError(err: unknown): unknown {
  if (!(err instanceof UserRuleError)) return err;
  if (err.field) return badRequest(`${err.field}: ${err.message}`, [{ field: `body.${err.field}`, message: err.message, code: FIELD_CODES[err.reason] }]);
  const taken = TAKEN_FIELDS[err.reason];
  if (taken) return conflict(err.message, [{ field: taken, message: err.message, code: 'taken' }]);
  const rule = RULE_CODES[err.reason];
  // The rule is about the user the path names (the last active admin; one's own account), not a field of the body.
  return conflict(err.message, rule ? [{ field: 'params.id', message: err.message, code: rule }] : undefined);
}

/** How a refusal naming a field is coded for clients (common/errors.ts). */
const FIELD_CODES: Partial<Record<UserRuleReason, DetailCode>> = { unknown_store: 'unknown', staff_needs_store: 'required' };
/** The field whose value another user already holds. */
const TAKEN_FIELDS: Partial<Record<UserRuleReason, string>> = { email_taken: 'body.email', dialpad_user_taken: 'body.dialpadUserId' };
/** A refusal by the rules about admins, coded so a client can say which rule in its own words. */
const RULE_CODES: Partial<Record<UserRuleReason, DetailCode>> = { last_admin: 'last_admin', own_account: 'own_account' };

async function changeUser(server: FastifyInstance, actor: SessionUser, target: UserRow, changes: UpdateUserBody): Promise<UserRow> {
  const { user, endsSessions } = await updateUser(server.db, { target, changes, actorId: actor.id }).catch((err: unknown) => {
    throw toHttpError(err);
  });
  if (endsSessions) server.realtime.disconnectUser(target.id);
  return user;
}

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    { onRequest: authenticate, schema: { body: createUserBody, response: { 201: userSchema } } },
    async (request, reply) => {
      authorize(currentUser(request), 'users:manage');
      const user = await createUser(request.server.db, request.body).catch((err: unknown) => {
        throw toHttpError(err);
      });
      return reply.status(201).send(presentUser(user));
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
