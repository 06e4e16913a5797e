import { useInfiniteQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { type CallFilters, listCalls } from '../api/calls';

/** The call log, newest first, a page at a time (cursor paging). */
export function useCallLog(filters: CallFilters) {
  return useInfiniteQuery({
    queryKey: keys.calls({ log: filters }),
    queryFn: ({ pageParam, signal }) => listCalls(filters, pageParam, 50, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
