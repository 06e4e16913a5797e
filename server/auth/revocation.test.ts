/**
 * Sign-ins end for real: a sign-out, a password change (one's own or by an admin), a disable, a role
 * or a store change ends every token issued before (HTTP answers 401, or 403 for a disabled account)
 * and closes the user's sockets at once; a socket also closes when its token expires.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../common/auth';
import { type ClientSocket, startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, type StoreFixture, type UserFixture } from '../../test/support/factories';
import { signToken } from './tokens';

const newPassword = () => `fresh-${randomBytes(8).toString('hex')}-passphrase`;

describe('ending sign-ins', () => {
  let t: TestApp;
  let store: StoreFixture;
  let admin: UserFixture & { token: string };

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'revoke', name: '失効店' });
    admin = await t.signIn({ role: 'admin' });
  });
  afterAll(() => t.close());

  /** A user signed in through the login route (so the token carries the stored version), with a connected socket. */
  async function signedIn(role: 'admin' | 'staff' = 'staff') {
    const user = await t.signIn({ role, store: role === 'staff' ? store : undefined });
    const login = await t.request<LoginResponse>('POST', '/api/auth/login', undefined, { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    const token = login.body.token;
    const socket = await t.socket(token);
    return { user, token, socket, dropped: droppedBy(socket) };
  }
  const droppedBy = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

  /** The earlier token no longer opens anything. */
  async function expectEnded(token: string, status = 401): Promise<void> {
    expect((await t.request('GET', '/api/auth/me', token)).status).toBe(status);
    expect((await t.request('GET', '/api/calls', token)).status).toBe(status);
    await expect(t.socket(token)).rejects.toThrow('unauthorized');
  }

  it('POST /api/auth/logout ends every sign-in of the user, in every browser, and closes their sockets', async () => {
    const { user, token, dropped } = await signedIn();
    const login = await t.request<LoginResponse>('POST', '/api/auth/login', undefined, { email: user.email, password: user.password });
    const otherBrowser = login.body.token;
    const res = await t.request('POST', '/api/auth/logout', token);
    expect(res.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    await expectEnded(token);
    await expectEnded(otherBrowser);
    // Signing in again works, with a token of the new version.
    const again = await t.request<LoginResponse>('POST', '/api/auth/login', undefined, { email: user.email, password: user.password });
    expect((await t.request('GET', '/api/auth/me', again.body.token)).status).toBe(200);
  });

  it('POST /api/auth/password changes one\'s password, returns a fresh token for this tab, and ends every earlier one', async () => {
    const { user, token, dropped } = await signedIn();
    const password = newPassword();
    const res = await t.request<LoginResponse>('POST', '/api/auth/password', token, { currentPassword: user.password, newPassword: password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, email: user.email });
    expect(await dropped).toBe('io server disconnect');
    await expectEnded(token);
    expect((await t.request('GET', '/api/auth/me', res.body.token)).status).toBe(200);
    (await t.socket(res.body.token)).disconnect();
    // The new password signs in; the old one no longer does.
    expect((await t.request('POST', '/api/auth/login', undefined, { email: user.email, password })).status).toBe(200);
    expect((await t.request('POST', '/api/auth/login', undefined, { email: user.email, password: user.password })).status).toBe(401);
  });

  it('refuses a password change with a wrong current password (400, not a sign-out) and ends nothing', async () => {
    const { token, socket } = await signedIn();
    const res = await t.request('POST', '/api/auth/password', token, { currentPassword: 'not-the-password', newPassword: newPassword() });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.currentPassword' }] });
    expect((await t.request('GET', '/api/auth/me', token)).status).toBe(200);
    expect(socket.connected).toBe(true);
    const unknown = await t.request('POST', '/api/auth/password', token, { currentPassword: 'x', newPassword: newPassword(), extra: 1 });
    expect(unknown.status).toBe(400);
    expect((await t.request('POST', '/api/auth/password', undefined, { currentPassword: 'x', newPassword: newPassword() })).status).toBe(401);
  });

  it.each([
    ['a password set by an admin', () => ({ password: newPassword() }), 401],
    ['a disable', () => ({ disabled: true }), 403],
    ['a role change', () => ({ role: 'admin' }), 401],
    ['a store change', async () => ({ storeCode: (await buildStore(t.db)).code }), 401],
  ] as const)('PATCH /api/users/:id with %s ends the user\'s earlier sign-ins and closes their sockets', async (_what, body, status) => {
    const { user, token, dropped } = await signedIn();
    const res = await t.request('PATCH', `/api/users/${user.id}`, admin.token, await body());
    expect(res.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    await expectEnded(token, status);
  });

  it('a token from before a disable stays ended when the account is enabled again', async () => {
    const { user, token, dropped } = await signedIn();
    expect((await t.request('POST', `/api/users/${user.id}/disable`, admin.token)).status).toBe(200);
    await dropped;
    expect((await t.request('PATCH', `/api/users/${user.id}`, admin.token, { disabled: false })).status).toBe(200);
    await expectEnded(token);
  });

  it('demoting an admin ends their sign-ins too', async () => {
    const { user, token, dropped } = await signedIn('admin');
    const res = await t.request('PATCH', `/api/users/${user.id}`, admin.token, { role: 'staff', storeCode: store.code });
    expect(res.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    await expectEnded(token);
  });

  it('leaves sign-ins alone when an edit changes nothing that matters to them', async () => {
    const { user, token, socket } = await signedIn();
    const res = await t.request('PATCH', `/api/users/${user.id}`, admin.token, { name: '新しい名前', role: 'staff', storeCode: store.code });
    expect(res.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', token)).status).toBe(200);
    expect(socket.connected).toBe(true);
  });

  it('refuses a token that carries no version (issued before versions existed)', async () => {
    const user = await t.signIn({ role: 'staff', store });
    const { SignJWT } = await import('jose');
    const legacy = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setExpirationTime('1h')
      .sign(t.config.jwtSecret);
    expect((await t.request('GET', '/api/auth/me', legacy)).status).toBe(401);
  });

  it('closes a socket when its token expires', async () => {
    const user = await t.signIn({ role: 'staff', store });
    const socket = await t.socket(await signToken(t.config.jwtSecret, { sub: user.id, role: 'staff' }, 2));
    expect(await droppedBy(socket)).toBe('io server disconnect');
  });
});
