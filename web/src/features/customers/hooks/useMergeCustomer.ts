import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { mergeCustomers } from '../api/customers';

/**
 * Merges a customer (the source, given to `mutate`) into `targetId`: the app's one merge path.
 * Afterwards the target, every customer list and the duplicates (under `keys.customers`) refresh,
 * and the deleted source leaves the cache.
 */
export function useMergeCustomer(targetId: string, onMerged?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string) => mergeCustomers(targetId, sourceId),
    onSuccess: async (_result, sourceId) => {
      queryClient.removeQueries({ queryKey: keys.customer(sourceId) });
      await queryClient.invalidateQueries({ queryKey: keys.customer(targetId) });
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      onMerged?.();
    },
  });
}
