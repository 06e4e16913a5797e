import { useInfiniteQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { searchCustomers } from '../api/customers';

export function useCustomerSearch(q: string) {
  return useInfiniteQuery({
    queryKey: keys.customerSearch(q),
    queryFn: ({ pageParam, signal }) => searchCustomers(q, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
