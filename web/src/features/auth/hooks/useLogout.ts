import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { sessionStore } from '../../../lib/session';
import { logout } from '../api/auth';

/** Signs out: the server ends the token (so a copy of it is worthless), then this browser forgets it. */
export function useLogout(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    // Signed out here whatever the answer: an unreachable server must not keep anyone signed in.
    void logout()
      .catch(() => undefined)
      .finally(() => {
        sessionStore.clear('signed_out');
        queryClient.clear();
      });
  }, [queryClient]);
}
