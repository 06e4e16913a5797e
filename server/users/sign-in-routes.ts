import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePasswordBody, loginRequestSchema, loginResponseSchema } from '../../common/auth';
import { userSchema } from '../../common/users';
import { createLoginLockout } from '../auth/lockout';
import { DUMMY_HASH, verifyPassword } from '../auth/password';
import { loginRateLimit } from '../auth/rate-limit';
import { authenticate, currentUser } from '../auth/session';
import { signToken } from '../auth/tokens';
import { AppError, badRequest, unauthorized } from '../http/errors';
import { presentUser } from './presenter';
import { usersRepository } from './repository';
import { changeOwnPassword, endAllSessions, PasswordChangeError } from './service';

/**
 * /api/auth: signing in and out, one's own password, and asking who one is. Here, not in auth/, because both answer with a user as
 * users/ presents it; auth/ (tokens, the session hook, the policy) sits below every resource and imports none.
 */
export const signInRoutes: FastifyPluginAsyncZod = async (app) => {
  // One per app: counts wrong passwords per email and address, and per email (see lockout.ts for several nodes).
  const lockout = createLoginLockout({
    maxFailures: app.config.loginMaxFailures,
    accountMaxFailures: app.config.loginAccountMaxFailures,
    windowMs: app.config.loginLockoutMs,
    lockMs: app.config.loginLockoutMs,
  });

  const loginConfig = { rateLimit: loginRateLimit(app.config) };
  app.post('/login', { config: loginConfig, schema: { body: loginRequestSchema, response: { 200: loginResponseSchema } } }, async (request, reply) => {
    const { email, password } = request.body;
    const { db, config } = request.server;
    const user = await usersRepository.findByEmail(db, email);
    // Failures count against the account's current token version: a password reset (`cti users reset-password`, an
    // admin's, one's own) bumps it, so the person it was done for can sign in at once, on every node, with no restart.
    const account = user ? `${email}\u0000v${user.tokenVersion}` : email;
    // A locked pair is refused before any hashing: the guesser learns nothing and costs us nothing.
    const lockedMs = lockout.lockedFor(account, request.ip);
    if (lockedMs > 0) throw locked(reply, lockedMs);
    // Hash even for an unknown email, so the answer's timing does not tell which accounts exist.
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !passwordOk) {
      // Unknown emails count too, so a lock says nothing about which accounts exist.
      const lockMs = lockout.recordFailure(account, request.ip);
      if (lockMs > 0) request.log.warn({ ip: request.ip }, 'sign-in locked after repeated wrong passwords');
      throw new AppError('invalid_credentials', 'The email or password is wrong');
    }
    lockout.reset(account, request.ip);
    if (user.disabledAt) throw new AppError('account_disabled', 'This account is disabled; ask an administrator');
    const token = await signToken(config.jwtSecret, { sub: user.id, role: user.role, ver: user.tokenVersion });
    request.log.info({ userId: user.id }, 'signed in');
    return { token, user: presentUser(user) };
  });

  function locked(reply: FastifyReply, ms: number): AppError {
    const seconds = Math.ceil(ms / 1000);
    reply.header('retry-after', String(seconds));
    return new AppError('rate_limited', `Too many wrong passwords; try again in ${Math.ceil(seconds / 60)} minute(s)`);
  }

  // Ends every sign-in of this user, in every browser, and drops their sockets on every node.
  // No body is needed; any field sent is refused, as on every route.
  app.post('/logout', { onRequest: authenticate, schema: { body: z.strictObject({}).nullish(), response: { 204: z.null() } } }, async (request, reply) => {
    const user = currentUser(request);
    await endAllSessions(request.server.db, user.id);
    request.server.realtime.disconnectUser(user.id);
    request.log.info({ userId: user.id }, 'signed out everywhere');
    return reply.status(204).send(null);
  });

  // Rate-limited as sign-in is: a stolen token must not become a way to guess the password.
  app.post(
    '/password',
    {
      onRequest: authenticate,
      // Every other tab and device is signed out: their sockets are dropped once this answer has gone, so the
      // tab that asked already holds the fresh token when its own socket reconnects.
      onResponse: async (request, reply) => {
        if (reply.statusCode === 200) request.server.realtime.disconnectUser(currentUser(request).id);
      },
      config: loginConfig,
      schema: { body: changePasswordBody, response: { 200: loginResponseSchema } },
    },
    async (request) => {
      const { db, config } = request.server;
      const { currentPassword, newPassword } = request.body;
      const user = await changeOwnPassword(db, currentUser(request).id, currentPassword, newPassword).catch((err: unknown) => {
        // 400, not 401: the session is fine, and a 401 would sign the web app out.
        if (err instanceof PasswordChangeError) throw badRequest(`currentPassword: ${err.message}`, [{ field: 'body.currentPassword', message: err.message, code: 'wrong_password' }]);
        throw err;
      });
      request.log.info({ userId: user.id }, 'password changed; earlier sign-ins ended');
      return { token: await signToken(config.jwtSecret, { sub: user.id, role: user.role, ver: user.tokenVersion }), user: presentUser(user) };
    },
  );

  app.get('/me', { onRequest: authenticate, schema: { response: { 200: userSchema } } }, async (request) => {
    const user = await usersRepository.findById(request.server.db, currentUser(request).id);
    if (!user) throw unauthorized('Your sign-in is no longer valid; sign in again');
    return presentUser(user);
  });
};
