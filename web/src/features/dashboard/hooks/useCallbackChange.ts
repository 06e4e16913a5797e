import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { keys } from '../../../lib/api/keys';
import { updateCallback } from '../api/callbacks';
import type { CallbackChange } from '../components/CallbackTaskRow';

/**
 * Changes to call-back tasks from a list of them, with callbacks that stay the same from render to
 * render: every call refreshes the lists, and with stable callbacks only the rows whose task changed
 * render again (CallbackTaskRow is memoized), so a long list never holds up the next popup.
 */
export function useCallbackChange() {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: updateCallback,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.callbacks }),
  });
  const { mutate } = change;
  const onChange = useCallback((id: string, c: CallbackChange) => mutate({ id, ...c }), [mutate]);
  const onDone = useCallback((id: string) => mutate({ id, status: 'done' }), [mutate]);
  const busyId = change.isPending ? change.variables.id : null;
  return { error: change.isError ? change.error : null, busyId, onChange, onDone };
}
