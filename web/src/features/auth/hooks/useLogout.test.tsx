// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '../../../lib/session';
import { useLogout } from './useLogout';

const user = { id: 'u1', email: 'a@example.jp', name: 'A', role: 'staff' as const, storeCode: 's1', dialpadUserId: null, disabled: false };

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
}

afterEach(() => localStorage.clear());

describe('useLogout', () => {
  it('asks the server to end the token, then forgets the session', async () => {
    sessionStore.set({ token: 'tok', user });
    const calls: { url: string; method?: string; auth: string | null }[] = [];
    globalThis.fetch = (input, init) => {
      calls.push({ url: input instanceof Request ? input.url : input.toString(), method: init?.method, auth: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(new Response(null, { status: 204 }));
    };
    const { result } = renderHook(() => useLogout(), { wrapper });
    result.current();
    await waitFor(() => expect(sessionStore.get()).toBeNull());
    expect(calls).toEqual([{ url: '/api/auth/logout', method: 'POST', auth: 'Bearer tok' }]);
    expect(sessionStore.logoutReason()).toBe('signed_out');
  });

  it('signs this browser out even when the server cannot be reached', async () => {
    sessionStore.set({ token: 'tok', user });
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const { result } = renderHook(() => useLogout(), { wrapper });
    result.current();
    await waitFor(() => expect(sessionStore.get()).toBeNull());
    expect(sessionStore.logoutReason()).toBe('signed_out');
  });
});
