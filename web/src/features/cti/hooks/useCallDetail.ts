import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { CallDetail } from '../../../lib/api/types';
import { fetchCallDetail } from '../api/calls';

export function useCallDetail(callId: string): UseQueryResult<CallDetail> {
  return useQuery({
    queryKey: keys.call(callId),
    queryFn: ({ signal }) => fetchCallDetail(callId, signal),
    staleTime: 5_000,
  });
}
