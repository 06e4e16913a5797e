import { useInfiniteQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { DuplicateReason } from '../../../lib/api/types';
import { fetchDuplicates } from '../api/customers';

/** Possible duplicates, a page of groups at a time; `undefined` lists both kinds. */
export function useDuplicates(reason: DuplicateReason | undefined) {
  return useInfiniteQuery({
    queryKey: keys.customerDuplicates(reason ?? 'all'),
    queryFn: ({ pageParam, signal }) => fetchDuplicates(reason, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
