import type { UpdateCallbackBody } from '../../../../../common/callbacks';
import { api } from '../../../lib/api/http';
import type { CallbackView, Page, UserList } from '../../../lib/api/types';

export type { CallbackView };

/** Open call-back tasks, most urgent first as the server orders them (the oldest first call leads); after-hours ones have their own card. */
export const fetchCallbacks = (signal?: AbortSignal): Promise<Page<CallbackView>> =>
  api<Page<CallbackView>>('/api/callbacks', { query: { status: 'open', queue: 'regular', limit: 100 }, signal });

export const updateCallback = ({ id, ...body }: UpdateCallbackBody & { id: string }): Promise<CallbackView> =>
  api<CallbackView>(`/api/callbacks/${encodeURIComponent(id)}`, { method: 'PATCH', body });


/** The people an admin can give tasks to (the server checks each: an active admin or staff of the task's store). */
export const fetchAssignableUsers = (signal?: AbortSignal): Promise<UserList> => api<UserList>('/api/users', { query: { limit: 200 }, signal });
