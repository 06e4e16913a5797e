/**
 * One password rule wherever a password is set: at least 12 characters and not a common password
 * (checked case-insensitively), refused with a stable code the web app words in its own language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../common/password';
import { loadConfig } from '../../server/config';
import { startTestApp, type TestApp } from '../support/app';
import { buildStore, buildUser } from '../support/factories';

interface Refusal {
  error: string;
  details: { field: string; message: string; code?: string }[];
}

describe('passwordProblem', () => {
  it('counts characters after NFKC, refuses 11 and takes 12', () => {
    expect(passwordProblem('a'.repeat(11) + 'é')).toBeNull();
    expect(passwordProblem('zq8!kv2#wm7')).toBe('password_too_short');
    expect(passwordProblem('zq8!kv2#wm7$')).toBeNull();
    expect(passwordProblem('😀'.repeat(11))).toBe('password_too_short');
    expect(passwordProblem('x'.repeat(201))).toBe('password_too_long');
  });

  it('refuses the common list whatever the case or width', () => {
    for (const common of ['qwerty123456', 'QWERTY123456', 'Password1234', 'ｑｗｅｒｔｙ１２３４５６', '1qaz2wsx3edc']) {
      expect(passwordProblem(common), common).toBe('password_too_common');
    }
  });
});

describe('every path that sets a password', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'pw-store', name: 'パスワード店', prefixes: ['0501700'] });
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  const expectRefused = (res: { status: number; body: unknown }, field: string, code: string) => {
    expect(res.status).toBe(400);
    const body = res.body as Refusal;
    expect(body.error).toBe('validation_failed');
    expect(body.details).toContainEqual(expect.objectContaining({ field, code }));
  };
  const newUser = (password: string) => ({ email: `pw-${password.length}-${Math.random()}@example.jp`.replace('0.', ''), password, name: '新人', role: 'staff', storeCode: 'pw-store' });

  it('POST /api/users', async () => {
    expectRefused(await t.request('POST', '/api/users', admin, newUser('eleven-char')), 'body.password', 'password_too_short');
    expectRefused(await t.request('POST', '/api/users', admin, newUser('Qwerty123456')), 'body.password', 'password_too_common');
    expect((await t.request('POST', '/api/users', admin, newUser('twelve-chars'))).status).toBe(201);
  });

  it('PATCH /api/users/:id, leaving the old password in place', async () => {
    const user = await buildUser(t.db);
    expectRefused(await t.request('PATCH', `/api/users/${user.id}`, admin, { password: 'short' }), 'body.password', 'password_too_short');
    expectRefused(await t.request('PATCH', `/api/users/${user.id}`, admin, { password: '1Q2W3E4R5T6Y' }), 'body.password', 'password_too_common');
    expect((await t.request('POST', '/api/auth/login', undefined, { email: user.email, password: user.password })).status).toBe(200);
  });

  it('POST /api/auth/password (one\'s own)', async () => {
    const me = await t.signIn();
    const change = (newPassword: string) => t.request('POST', '/api/auth/password', me.token, { currentPassword: me.password, newPassword });
    expectRefused(await change('too-short'), 'body.newPassword', 'password_too_short');
    expectRefused(await change('password1234'), 'body.newPassword', 'password_too_common');
    expect((await t.request('POST', '/api/auth/login', undefined, { email: me.email, password: me.password })).status).toBe(200);
  });

  it('ADMIN_PASSWORD, refused at start', () => {
    const env = { NODE_ENV: 'test', DATA_DIR: '/tmp/cti-pw-config', JWT_SECRET: 'x'.repeat(32), ADMIN_EMAIL: 'owner@example.jp' };
    expect(() => loadConfig({ ...env, ADMIN_PASSWORD: 'elevenchars' })).toThrow(/ADMIN_PASSWORD: must be at least 12 characters/);
    expect(() => loadConfig({ ...env, ADMIN_PASSWORD: 'Password1234' })).toThrow(/ADMIN_PASSWORD: is one of the most common passwords/);
    expect(loadConfig({ ...env, ADMIN_PASSWORD: 'owner-password-1' }).initialAdmin).toEqual({ email: 'owner@example.jp', password: 'owner-password-1' });
  });
});
