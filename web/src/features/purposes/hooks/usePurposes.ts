import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdatePurpose } from '../../../../../common/purposes';
import { keys } from '../../../lib/api/keys';
import { createPurpose, listPurposes, setCallPurpose, updatePurpose } from '../api/purposes';

/** Every purpose, archived ones included, in the list's order (the server's). */
export function usePurposes() {
  return useQuery({ queryKey: keys.purposes, queryFn: listPurposes, select: (list) => list.items, staleTime: 60_000 });
}

/** Add, rename, reorder, archive: each refreshes the list, and the calls and reports that name purposes. */
export function useEditPurposes() {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: keys.purposes });
    await queryClient.invalidateQueries({ queryKey: keys.calls() });
  };
  const create = useMutation({ mutationFn: (label: string) => createPurpose({ label }), onSuccess: refresh });
  const update = useMutation({ mutationFn: ({ id, change }: { id: string; change: UpdatePurpose }) => updatePurpose(id, change), onSuccess: refresh });
  return { create, update };
}

/** Tags a call; the card, the call log and the report refresh (other screens learn it from call_updated). */
export function useSetCallPurpose(callId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (purposeId: string | null) => setCallPurpose(callId, purposeId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.call(callId) });
      await queryClient.invalidateQueries({ queryKey: keys.calls() });
    },
  });
}
