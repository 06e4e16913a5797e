import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from '../../../lib/api/keys';
import { sessionStore } from '../../../lib/session';
import { fetchMe } from '../api/auth';

/** Checks the stored session against the server on load (an expired token signs out; a changed role shows). */
export function useMe(enabled: boolean): void {
  const me = useQuery({ queryKey: keys.me, queryFn: ({ signal }) => fetchMe(signal), staleTime: 60_000, enabled });
  useEffect(() => {
    if (me.data) sessionStore.updateUser(me.data);
  }, [me.data]);
}
