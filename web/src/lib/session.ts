import { useSyncExternalStore } from 'react';
import type { User } from '../../../common/users';

/** The signed-in user and their token, kept in localStorage so a reload keeps the session. */
export interface Session {
  token: string;
  user: User;
}

/** Why the last session ended, shown on the login page. */
export type LogoutReason = 'signed_out' | 'expired' | 'disabled';

const TOKEN_KEY = 'cti.token';
const USER_KEY = 'cti.user';
const REASON_KEY = 'cti.logoutReason';

function read(): Session | null {
  try {
    const token = localStorage.getItem(TOKEN_KEY);
    const user = localStorage.getItem(USER_KEY);
    if (!token || !user) return null;
    return { token, user: JSON.parse(user) as User };
  } catch {
    return null;
  }
}

let current: Session | null = read();
const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((listener) => listener());

// Signing out in one tab signs out every tab of this browser.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== TOKEN_KEY && event.key !== USER_KEY && event.key !== null) return;
    current = read();
    notify();
  });
}

export const sessionStore = {
  get: (): Session | null => current,
  token: (): string | null => current?.token ?? null,
  set: (session: Session): void => {
    localStorage.setItem(TOKEN_KEY, session.token);
    localStorage.setItem(USER_KEY, JSON.stringify(session.user));
    localStorage.removeItem(REASON_KEY);
    current = session;
    notify();
  },
  updateUser: (user: User): void => {
    if (!current) return;
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    current = { ...current, user };
    notify();
  },
  clear: (reason: LogoutReason): void => {
    if (!current) return;
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    localStorage.setItem(REASON_KEY, reason);
    current = null;
    notify();
  },
  /** Why the last session ended (until `forgetLogoutReason`). */
  logoutReason: (): LogoutReason | null => {
    const reason = localStorage.getItem(REASON_KEY);
    return reason === 'signed_out' || reason === 'expired' || reason === 'disabled' ? reason : null;
  },
  forgetLogoutReason: (): void => localStorage.removeItem(REASON_KEY),
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
