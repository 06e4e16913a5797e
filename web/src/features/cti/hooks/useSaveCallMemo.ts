import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { createCallMemo } from '../api/calls';

/** Saves a memo to the call (and its customer, when known), without leaving the card. */
export function useSaveCallMemo(callId: string, customerId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => createCallMemo(callId, { body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.call(callId) });
      if (customerId) await queryClient.invalidateQueries({ queryKey: keys.customerMemos(customerId) });
    },
  });
}
