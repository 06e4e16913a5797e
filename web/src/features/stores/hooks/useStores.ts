import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { listStores } from '../api/stores';

export function useStores() {
  return useQuery({ queryKey: keys.stores, queryFn: ({ signal }) => listStores(signal), staleTime: 60_000 });
}
