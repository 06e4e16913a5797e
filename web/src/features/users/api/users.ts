import { api } from '../../../lib/api/http';
import type { Role, User, UserInput, UserList } from '../../../lib/api/types';

export const listUsers = (signal?: AbortSignal): Promise<UserList> => api<UserList>('/api/users', { query: { limit: 200 }, signal });

export const createUser = (input: UserInput): Promise<User> => api<User>('/api/users', { method: 'POST', body: input });

export const disableUser = (id: string): Promise<User> => api<User>(`/api/users/${encodeURIComponent(id)}/disable`, { method: 'POST' });

export const enableUser = (id: string): Promise<User> => api<User>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: { disabled: false } });

/** PATCH /api/users/:id: what an admin changes (a new password, role or store ends that user's sign-ins). */
export interface UserChanges {
  name?: string;
  role?: Role;
  storeCode?: string | null;
  password?: string;
}

export const updateUser = (id: string, changes: UserChanges): Promise<User> =>
  api<User>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
