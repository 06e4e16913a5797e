import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildUser } from '../../test/support/factories';
import { signToken } from './tokens';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = (body: unknown) => t.request('POST', '/api/auth/login', undefined, body);
  const me = (token?: string) => t.request('GET', '/api/auth/me', token);

  it('signs in and the token opens /me', async () => {
    const user = await buildUser(t.db, { role: 'staff' });
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    const body = res.body as { token: string; user: Record<string, unknown> };
    expect(body.user).toEqual({ id: user.id, email: user.email, name: body.user.name, role: 'staff', storeCode: user.storeCode, dialpadUserId: null, disabled: false });
    expect(body.user).not.toHaveProperty('passwordHash');

    const who = await me(body.token);
    expect(who.status).toBe(200);
    expect(who.body).toEqual(body.user);
  });

  it('matches the email case-insensitively', async () => {
    const user = await buildUser(t.db, { role: 'admin' });
    const res = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
  });

  it('signs in the generated first admin, whose address has no dot', async () => {
    const user = await buildUser(t.db, { role: 'admin', email: 'admin@localhost' });
    const res = await login({ email: 'admin@localhost', password: user.password });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const user = await buildUser(t.db);
    const wrong = await login({ email: user.email, password: 'not-the-password' });
    const unknown = await login({ email: 'nobody@example.jp', password: 'whatever-password' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_credentials', message: 'The email or password is wrong' });
    }
  });

  it('refuses a disabled user at login and on an existing token', async () => {
    const user = await buildUser(t.db, { disabled: true });
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'account_disabled' });

    const token = await t.tokenFor(user.id);
    const who = await me(token);
    expect(who.status).toBe(403);
    expect(who.body).toMatchObject({ error: 'account_disabled' });
  });

  it('does not say a disabled account exists to someone without its password', async () => {
    const user = await buildUser(t.db, { disabled: true });
    const res = await login({ email: user.email, password: 'not-the-password' });
    expect(res.status).toBe(401);
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const res = await login({ email: 'someone@example.jp' });
    expect(res.status).toBe(400);
    const body = res.body as { error: string; message: string };
    expect(body.error).toBe('validation_failed');
    expect(body.message).toContain('body.password');
  });

  it('refuses an expired token, a garbage token and no token with 401', async () => {
    const user = await buildUser(t.db);
    const expired = await signToken(t.config.jwtSecret, { sub: user.id, role: 'staff' }, -10);
    const forged = await signToken(new TextEncoder().encode('another-secret-which-is-long-enough-0123456789'), { sub: user.id, role: 'staff' });
    for (const token of [expired, forged, 'garbage', undefined]) {
      const res = await me(token);
      expect(res.status, String(token)).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('refuses a valid token whose user no longer exists', async () => {
    const token = await t.tokenFor('00000000-0000-4000-8000-000000000000');
    expect((await me(token)).status).toBe(401);
  });
});
