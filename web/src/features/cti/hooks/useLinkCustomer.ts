import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CustomerSummary } from '../../../../../common/calls';
import { keys } from '../../../lib/api/keys';
import { linkCallCustomer } from '../api/calls';
import { useCti } from './useCti';

/** Links a customer to the call, then shows them on the card. */
export function useLinkCustomer(callId: string) {
  const queryClient = useQueryClient();
  const { linked } = useCti();
  return useMutation({
    mutationFn: async (customer: CustomerSummary) => ({ customer, detail: await linkCallCustomer(callId, { customerId: customer.id }) }),
    onSuccess: async ({ customer, detail }) => {
      linked(callId, customer);
      queryClient.setQueryData(keys.call(callId), detail);
      await queryClient.invalidateQueries({ queryKey: keys.calls() });
    },
  });
}
