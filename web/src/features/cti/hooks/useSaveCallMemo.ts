import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { createMemo } from '../../customers/api/customers';

/** Saves a memo to the customer and the call, without leaving the card. */
export function useSaveCallMemo(callId: string, customerId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => {
      if (!customerId) throw new Error('no customer');
      return createMemo(customerId, { body, callId });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.call(callId) });
      if (customerId) await queryClient.invalidateQueries({ queryKey: keys.customerMemos(customerId) });
    },
  });
}
