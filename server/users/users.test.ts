import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../common/users';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, buildUser, type StoreFixture } from '../../test/support/factories';
import { usersRepository } from './repository';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('users', () => {
  let t: TestApp;
  let admin: { id: string; token: string };
  let staff: { id: string; token: string };
  let store: StoreFixture;
  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'users-store', name: '西船橋' });
    admin = await t.signIn({ role: 'admin' });
    staff = await t.signIn({ role: 'staff', store });
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, token: string | undefined, body?: unknown) => t.request(method, `/api/users${path}`, token, body);
  const newStaff = (email: string) => ({ email, password: 'password-123', name: '山田 太郎', role: 'staff', storeCode: store.code });

  it('creates a staff user, who can then sign in', async () => {
    const res = await call('POST', '/', admin.token, { ...newStaff('New.Staff@Example.jp'), dialpadUserId: 'dp-1' });
    expect(res.status).toBe(201);
    const user = res.body as User;
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user).toEqual({ id: user.id, email: 'new.staff@example.jp', name: '山田 太郎', role: 'staff', storeCode: 'users-store', dialpadUserId: 'dp-1', disabled: false });
    expect(user).not.toHaveProperty('passwordHash');
    expect((await usersRepository.findById(t.db, user.id))?.dialpadUserId).toBe('dp-1');

    const login = await t.request('POST', '/api/auth/login', undefined, { email: 'new.staff@example.jp', password: 'password-123' });
    expect(login.status).toBe(200);
  });

  it('creates an admin without a store', async () => {
    const res = await call('POST', '/', admin.token, { email: 'second-admin@example.jp', password: 'password-123', name: '管理者', role: 'admin' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'admin', storeCode: null });
  });

  it('refuses a duplicate email (in any case) or Dialpad user id with 409', async () => {
    expect((await call('POST', '/', admin.token, newStaff('dup@example.jp'))).status).toBe(201);
    const again = await call('POST', '/', admin.token, newStaff('DUP@example.jp'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'conflict',
      message: 'A user with this email already exists',
      details: [{ field: 'body.email', message: 'A user with this email already exists', code: 'taken' }],
    });

    expect((await call('POST', '/', admin.token, { ...newStaff('dp-a@example.jp'), dialpadUserId: 'dp-dup' })).status).toBe(201);
    const dp = await call('POST', '/', admin.token, { ...newStaff('dp-b@example.jp'), dialpadUserId: 'dp-dup' });
    expect(dp.status).toBe(409);
    expect((dp.body as { message: string }).message).toContain('Dialpad');
  });

  it.each([
    [{ ...newStaffShape(), email: 'not-an-email' }, 'body.email'],
    [{ ...newStaffShape(), password: 'short' }, 'body.password'],
    [{ ...newStaffShape(), name: '' }, 'body.name'],
    [{ ...newStaffShape(), role: 'owner' }, 'body.role'],
    [{ ...newStaffShape(), storeCode: undefined }, 'body.storeCode'],
    [{ ...newStaffShape(), storeCode: 'no-such-store' }, 'body.storeCode'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await call('POST', '/', admin.token, body);
    expect(res.status).toBe(400);
    const json = res.body as { error: string; message: string; details: { field: string }[] };
    expect(json.error).toBe('validation_failed');
    expect(json.message).toContain(field.replace('body.', ''));
    expect(json.details.map((d) => d.field)).toContain(field);
  });

  it('lists users by email, a page at a time', async () => {
    for (const n of [1, 2, 3]) await buildUser(t.db, { role: 'staff', store, email: `list-${n}@example.jp` });
    const emails: string[] = [];
    let cursor: string | null = 'list-';
    while (cursor !== null) {
      const res = await call('GET', `/?limit=2&cursor=${encodeURIComponent(cursor)}`, admin.token);
      expect(res.status).toBe(200);
      const body = res.body as { items: User[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      emails.push(...body.items.map((u) => u.email));
      cursor = body.nextCursor;
    }
    expect(emails.slice(0, 3)).toEqual(['list-1@example.jp', 'list-2@example.jp', 'list-3@example.jp']);
    expect(emails).toEqual([...emails].sort());
    expect((await call('GET', '/?limit=0', admin.token)).status).toBe(400);
    expect((await call('GET', '/?limit=201', admin.token)).status).toBe(400);
  });

  it('reads one user, and 404s an unknown or malformed id', async () => {
    const res = await call('GET', `/${staff.id}`, admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: staff.id, role: 'staff', storeCode: 'users-store' });
    expect((await call('GET', `/${UNKNOWN_ID}`, admin.token)).status).toBe(404);
    expect((await call('GET', '/not-a-uuid', admin.token)).status).toBe(404);
    expect((await call('PATCH', `/${UNKNOWN_ID}`, admin.token, { name: 'x' })).status).toBe(404);
    expect((await call('POST', `/${UNKNOWN_ID}/disable`, admin.token)).status).toBe(404);
  });

  it('updates name, role, store, password and Dialpad id', async () => {
    const other = await buildStore(t.db);
    const user = await buildUser(t.db, { role: 'staff', store });
    const res = await call('PATCH', `/${user.id}`, admin.token, { name: '新しい名前', storeCode: other.code, password: 'new-password-1', dialpadUserId: 'dp-patched' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '新しい名前', storeCode: other.code, dialpadUserId: 'dp-patched' });
    const row = await usersRepository.findById(t.db, user.id);
    expect(row?.dialpadUserId).toBe('dp-patched');

    const login = await t.request('POST', '/api/auth/login', undefined, { email: user.email, password: 'new-password-1' });
    expect(login.status).toBe(200);

    const promoted = await call('PATCH', `/${user.id}`, admin.token, { role: 'admin', storeCode: null });
    expect(promoted.body).toMatchObject({ role: 'admin', storeCode: null });
    const demoted = await call('PATCH', `/${user.id}`, admin.token, { role: 'staff' });
    expect(demoted.status).toBe(400);
    expect((demoted.body as { message: string }).message).toContain('storeCode');
  });

  it('disables a user: their token is refused and their socket dropped at once', async () => {
    const user = await t.signIn({ role: 'staff', store });
    const socket = await t.socket(user.token);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const res = await call('POST', `/${user.id}/disable`, admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, disabled: true });
    expect(await dropped).toBe('io server disconnect');

    const me = await t.request('GET', '/api/auth/me', user.token);
    expect(me.status).toBe(403);
    expect(me.body).toMatchObject({ error: 'account_disabled' });
    await expect(t.socket(user.token)).rejects.toThrow('unauthorized');

    // Re-enabling through PATCH lets the user sign in again, but the token from before stays ended.
    const enabled = await call('PATCH', `/${user.id}`, admin.token, { disabled: false });
    expect(enabled.body).toMatchObject({ disabled: false });
    expect((await t.request('GET', '/api/auth/me', user.token)).status).toBe(401);
    const again = await t.request<{ token: string }>('POST', '/api/auth/login', undefined, { email: user.email, password: user.password });
    expect((await t.request('GET', '/api/auth/me', again.body.token)).status).toBe(200);
  });

  it('does not let an admin disable themselves', async () => {
    const res = await call('POST', `/${admin.id}/disable`, admin.token);
    expect(res.status).toBe(409);
    expect((await call('PATCH', `/${admin.id}`, admin.token, { disabled: true })).status).toBe(409);
  });

  describe('authorization', () => {
    const routes: { route: string; method: string; path: (id: string) => string; body?: (id: string) => unknown; ok: number }[] = [
      { route: 'create', method: 'POST', path: () => '/', body: (id) => newStaff(`authz-${id}@example.jp`), ok: 201 },
      { route: 'list', method: 'GET', path: () => '/', ok: 200 },
      { route: 'read', method: 'GET', path: (id) => `/${id}`, ok: 200 },
      { route: 'update', method: 'PATCH', path: (id) => `/${id}`, body: () => ({ name: '変更' }), ok: 200 },
      { route: 'disable', method: 'POST', path: (id) => `/${id}/disable`, ok: 200 },
    ];
    it.each(routes)('$method $route: no token 401, staff 403, admin $ok', async ({ method, path, body, ok }) => {
      const target = await buildUser(t.db, { role: 'staff', store });
      const url = path(target.id);
      const payload = body?.(target.id);
      const anonymous = await call(method, url, undefined, payload);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ error: 'unauthorized' });
      const asStaff = await call(method, url, staff.token, payload);
      expect(asStaff.status).toBe(403);
      expect(asStaff.body).toMatchObject({ error: 'forbidden' });
      expect((await call(method, url, admin.token, payload)).status).toBe(ok);
    });
  });
});

function newStaffShape(): Record<string, unknown> {
  return { email: 'shape@example.jp', password: 'password-123', name: '山田', role: 'staff', storeCode: 'users-store' };
}

describe('the last active admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, token: string, body?: unknown) => t.request(method, `/api/users${path}`, token, body);

  it('cannot be demoted, and two admins disabling each other at once leave one', async () => {
    const a = await t.signIn({ role: 'admin' });
    const demoteSelf = await call('PATCH', `/${a.id}`, a.token, { role: 'staff', storeCode: (await buildStore(t.db)).code });
    expect(demoteSelf.status).toBe(409);
    expect((demoteSelf.body as { message: string }).message).toContain('last active admin');

    const b = await t.signIn({ role: 'admin' });
    const statuses = await Promise.all([call('POST', `/${b.id}/disable`, a.token), call('POST', `/${a.id}/disable`, b.token)]).then((rs) =>
      rs.map((r) => r.status).sort(),
    );
    // One wins; the other is refused as the last admin (409), or, if it arrives after, as disabled (403).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await usersRepository.countActiveAdmins(t.db)).toBe(1);
  });
});
