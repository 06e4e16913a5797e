import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loginRequestSchema, loginResponseSchema, userSchema } from '../../common/auth';
import { AppError, unauthorized } from '../http/errors';
import { presentUser } from '../users/presenter';
import { usersRepository } from '../users/repository';
import { DUMMY_HASH, verifyPassword } from './password';
import { authenticate, currentUser } from './session';
import { signToken } from './tokens';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/login', { schema: { body: loginRequestSchema, response: { 200: loginResponseSchema } } }, async (request) => {
    const { email, password } = request.body;
    const { db, config } = request.server;
    const user = await usersRepository.findByEmail(db, email);
    // Hash even for an unknown email, so the answer's timing does not tell which accounts exist.
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !passwordOk) throw new AppError('invalid_credentials', 'The email or password is wrong');
    if (user.disabledAt) throw new AppError('account_disabled', 'This account is disabled; ask an administrator');
    const token = await signToken(config.jwtSecret, { sub: user.id, role: user.role });
    request.log.info({ userId: user.id }, 'signed in');
    return { token, user: presentUser(user) };
  });

  app.get('/me', { onRequest: authenticate, schema: { response: { 200: userSchema } } }, async (request) => {
    const user = await usersRepository.findById(request.server.db, currentUser(request).id);
    if (!user) throw unauthorized('Your sign-in is no longer valid; sign in again');
    return presentUser(user);
  });
};
