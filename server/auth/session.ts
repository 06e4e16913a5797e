import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { AppError, unauthorized } from '../http/errors';
import { type SessionRow, sessionRepository } from './repository';
import { verifyToken } from './tokens';

/** Who is asking: loaded from the database on every request, so disabling a user takes effect at once. */
export type SessionUser = Omit<SessionRow, 'disabledAt' | 'tokenVersion'>;

/** A signed-in session: the user as the database holds them now, and the token's own terms. */
export interface Session {
  user: SessionUser;
  /** The token version the token carries (equal to the user's when it was accepted). */
  tokenVersion: number;
  /** When the token expires, in milliseconds since the epoch. */
  expiresAt: number;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Why a user's row no longer admits a token of that version, or null when it does. A disabled
 * account says so (403) even to an earlier token, so the web app can tell the user why.
 */
export function sessionRefusal(row: SessionRow | undefined, tokenVersion: number): AppError | null {
  if (!row) return unauthorized('Your sign-in is no longer valid; sign in again');
  if (row.disabledAt) return new AppError('account_disabled', 'This account is disabled');
  // Bumped by a sign-out, a password change, a role or store change, or a disable (see revokeTokens).
  if (row.tokenVersion !== tokenVersion) return unauthorized('Your sign-in has ended; sign in again');
  return null;
}

/** The row without what only the session check needs. */
export function toSessionUser(row: SessionRow): SessionUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, storeId: row.storeId, storeCode: row.storeCode, dialpadUserId: row.dialpadUserId };
}

/** Resolves a token to an active user and the token's terms, or explains why not. */
export async function resolveSession(db: Db, secret: Uint8Array, token: string | undefined): Promise<Session> {
  const verified = await verifyToken(secret, token);
  if (!verified) throw unauthorized(token ? 'Your sign-in has expired or is invalid; sign in again' : 'Sign in first');
  const row = await sessionRepository.findUser(db, verified.userId);
  const refusal = sessionRefusal(row, verified.version);
  if (refusal || !row) throw refusal ?? unauthorized();
  return { user: toSessionUser(row), tokenVersion: row.tokenVersion, expiresAt: verified.expiresAt };
}

/** Resolves a token to an active user, or explains why not. */
export async function sessionFromToken(db: Db, secret: Uint8Array, token: string | undefined): Promise<SessionUser> {
  return (await resolveSession(db, secret, token)).user;
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
