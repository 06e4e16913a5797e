import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { sessionStore } from '../../../lib/session';

export function useLogout(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    sessionStore.clear('signed_out');
    queryClient.clear();
  }, [queryClient]);
}
