import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { AppError, unauthorized } from '../http/errors';
import { type SessionRow, sessionRepository } from './repository';
import { verifyToken } from './tokens';

/** Who is asking: loaded from the database on every request, so disabling a user takes effect at once. */
export type SessionUser = Omit<SessionRow, 'disabledAt'>;

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Resolves a token to an active user, or explains why not. */
export async function sessionFromToken(db: Db, secret: Uint8Array, token: string | undefined): Promise<SessionUser> {
  const userId = await verifyToken(secret, token);
  if (!userId) throw unauthorized(token ? 'Your sign-in has expired or is invalid; sign in again' : 'Sign in first');
  const user = await sessionRepository.findUser(db, userId);
  if (!user) throw unauthorized('Your sign-in is no longer valid; sign in again');
  if (user.disabledAt) throw new AppError('account_disabled', 'This account is disabled');
  return user;
}

/** onRequest hook (before the body is read, so a stranger gets 401 before any 400): requires a signed-in, active user and puts it on `request.user`. */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const { db, config } = request.server;
  request.user = await sessionFromToken(db, config.jwtSecret, bearerToken(request.headers.authorization));
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
