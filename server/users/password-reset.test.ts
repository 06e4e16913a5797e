import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../common/errors';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { usersRepository } from './repository';

interface ErrorBody {
  error: string;
  message: string;
  details?: ErrorDetail[];
}

/** An admin resetting a staff member's password, and what a reset undoes: sessions, and a sign-in lock. */
describe('password resets', () => {
  let t: TestApp;
  let store: StoreFixture;
  let admin: { id: string; token: string };
  beforeAll(async () => {
    // Three wrong passwords lock the email and address pair (the default is ten).
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
    store = await buildStore(t.db);
    admin = await t.signIn({ role: 'admin' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.request<{ token: string }>('POST', '/api/auth/login', undefined, { email, password });

  it("an admin's reset ends the staff member's sign-ins; only the new password signs in", async () => {
    const staff = await t.signIn({ role: 'staff', store });
    const socket = await t.socket(staff.token);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const before = (await usersRepository.findById(t.db, staff.id))!.tokenVersion;

    const res = await t.request('PATCH', `/api/users/${staff.id}`, admin.token, { password: 'temporary-pass-2026' });
    expect(res.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    expect((await usersRepository.findById(t.db, staff.id))!.tokenVersion).toBe(before + 1);
    expect((await t.request('GET', '/api/auth/me', staff.token)).status).toBe(401);
    expect((await login(staff.email, staff.password)).body).toMatchObject({ error: 'invalid_credentials' });
    const fresh = await login(staff.email, 'temporary-pass-2026');
    expect(fresh.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', fresh.body.token)).body).toMatchObject({ id: staff.id });
  });

  it('refuses a weak temporary password with the rule’s code', async () => {
    const staff = await t.signIn({ role: 'staff', store });
    const res = await t.request<ErrorBody>('PATCH', `/api/users/${staff.id}`, admin.token, { password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'body.password', code: 'password_too_short' })]);
  });

  it('a locked account signs in at once after a reset, while the lock stands for the old password', async () => {
    const staff = await t.signIn({ role: 'staff', store });
    for (let i = 0; i < 3; i++) expect((await login(staff.email, 'wrong-password-guess')).status).toBe(401);
    // Locked: even the right password is refused now.
    const locked = await login(staff.email, staff.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: 'rate_limited' });

    expect((await t.request('PATCH', `/api/users/${staff.id}`, admin.token, { password: 'after-the-lock-2026' })).status).toBe(200);
    expect((await login(staff.email, 'after-the-lock-2026')).status).toBe(200);
  });

  it('an unknown email locks just the same (a lock tells nothing about which accounts exist)', async () => {
    for (let i = 0; i < 3; i++) expect((await login('nobody-here@example.jp', 'wrong-password-guess')).status).toBe(401);
    expect((await login('nobody-here@example.jp', 'wrong-password-guess')).status).toBe(429);
  });
});

describe('the rules about admins, coded for clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('names last_admin when the last active admin would be demoted, and own_account for disabling oneself', async () => {
    const only = await t.signIn({ role: 'admin' });
    const store = await buildStore(t.db);
    const demote = await t.request<ErrorBody>('PATCH', `/api/users/${only.id}`, only.token, { role: 'staff', storeCode: store.code });
    expect(demote.status).toBe(409);
    expect(demote.body.details).toEqual([expect.objectContaining({ field: 'params.id', code: 'last_admin' })]);
    expect((await usersRepository.findById(t.db, only.id))?.role).toBe('admin');

    const self = await t.request<ErrorBody>('POST', `/api/users/${only.id}/disable`, only.token);
    expect(self.status).toBe(409);
    expect(self.body.details).toEqual([expect.objectContaining({ field: 'params.id', code: 'own_account' })]);
    expect((await usersRepository.findById(t.db, only.id))?.disabledAt).toBeNull();
  });

  it('re-enables a disabled user through PATCH {disabled: false}', async () => {
    const boss = await t.signIn({ role: 'admin' });
    const staff = await t.signIn({ role: 'staff', store: await buildStore(t.db), disabled: true });
    expect((await t.request('POST', '/api/auth/login', undefined, { email: staff.email, password: staff.password })).body).toMatchObject({
      error: 'account_disabled',
    });
    const res = await t.request('PATCH', `/api/users/${staff.id}`, boss.token, { disabled: false });
    expect(res.body).toMatchObject({ id: staff.id, disabled: false });
    expect((await t.request('POST', '/api/auth/login', undefined, { email: staff.email, password: staff.password })).status).toBe(200);
  });
});
