import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { VisitInput } from '../../../lib/api/types';
import { createVisit, updateMemo } from '../api/customers';
import { deleteMemo, deleteVisit, updateVisit, type VisitChange } from '../api/records';

/** Everything shown about a customer: the record, memos, visits, and every call card that shows them. */
function useRefresh(customerId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.customer(customerId) }),
      queryClient.invalidateQueries({ queryKey: ['call'] }),
    ]);
  };
}

/** Change a memo's words, or delete it. */
export function useMemoMutations(customerId: string) {
  const refresh = useRefresh(customerId);
  const edit = useMutation({
    mutationFn: ({ memoId, body }: { memoId: string; body: string }) => updateMemo(customerId, memoId, { body }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (memoId: string) => deleteMemo(customerId, memoId), onSuccess: refresh });
  return { edit, remove };
}

/** Record, change or delete a visit. */
export function useVisitMutations(customerId: string) {
  const refresh = useRefresh(customerId);
  const create = useMutation({ mutationFn: (input: VisitInput) => createVisit(customerId, input), onSuccess: refresh });
  const update = useMutation({
    mutationFn: ({ visitId, change }: { visitId: string; change: VisitChange }) => updateVisit(customerId, visitId, change),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (visitId: string) => deleteVisit(customerId, visitId), onSuccess: refresh });
  return { create, update, remove };
}
