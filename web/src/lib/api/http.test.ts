// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '../session';
import { ApiError, api, withQuery } from './http';

const user = { id: 'u1', email: 'a@example.jp', name: 'A', role: 'admin' as const, storeCode: null, dialpadUserId: null, disabled: false };

function answer(status: number, body: unknown): void {
  globalThis.fetch = () => Promise.resolve(new Response(JSON.stringify(body), { status }));
}

afterEach(() => localStorage.clear());

describe('api()', () => {
  it('sends the token and returns the JSON', async () => {
    sessionStore.set({ token: 'tok', user });
    let auth: string | null = null;
    globalThis.fetch = (_input, init) => {
      auth = new Headers(init?.headers).get('authorization');
      return Promise.resolve(new Response(JSON.stringify({ ok: 1 }), { status: 200 }));
    };
    await expect(api('/api/x')).resolves.toEqual({ ok: 1 });
    expect(auth).toBe('Bearer tok');
  });

  it('signs out on 401, remembering why', async () => {
    sessionStore.set({ token: 'tok', user });
    answer(401, { error: 'unauthorized', message: 'Sign in first' });
    await expect(api('/api/x')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(sessionStore.get()).toBeNull();
    expect(sessionStore.logoutReason()).toBe('expired');
  });

  it('signs out on 403 account_disabled, but not on other 403s', async () => {
    sessionStore.set({ token: 'tok', user });
    answer(403, { error: 'forbidden', message: 'no' });
    await expect(api('/api/x')).rejects.toBeInstanceOf(ApiError);
    expect(sessionStore.get()).not.toBeNull();
    answer(403, { error: 'account_disabled', message: 'disabled' });
    await expect(api('/api/x')).rejects.toMatchObject({ code: 'account_disabled' });
    expect(sessionStore.get()).toBeNull();
    expect(sessionStore.logoutReason()).toBe('disabled');
  });

  it('a wrong password at login does not sign anyone out', async () => {
    sessionStore.set({ token: 'tok', user });
    answer(401, { error: 'invalid_credentials', message: 'wrong' });
    await expect(api('/api/auth/login', { method: 'POST', body: {}, session: false })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(sessionStore.get()).not.toBeNull();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/calls', { store: 'kasai', state: undefined, q: '', limit: 50 })).toBe('/api/calls?store=kasai&limit=50');
  });
});
