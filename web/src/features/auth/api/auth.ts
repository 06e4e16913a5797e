import { api } from '../../../lib/api/http';
import type { LoginResponse, User } from '../../../lib/api/types';

/** Its 401 means a wrong password, not an expired session: no sign-out handling. */
export const login = (email: string, password: string): Promise<LoginResponse> =>
  api<LoginResponse>('/api/auth/login', { method: 'POST', body: { email, password }, session: false });

export const fetchMe = (signal?: AbortSignal): Promise<User> => api<User>('/api/auth/me', { signal });

/** Ends every sign-in of this user on the server (every browser, every socket), not only this tab's. */
export const logout = (): Promise<void> => api<void>('/api/auth/logout', { method: 'POST' });

/** One's own password (the current one checked); the answer is a fresh sign-in for this tab, every other one ends. */
export const changePassword = (currentPassword: string, newPassword: string): Promise<LoginResponse> =>
  api<LoginResponse>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
