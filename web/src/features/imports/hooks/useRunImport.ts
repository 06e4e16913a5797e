import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportResult } from '../../../../../common/customers';
import { keys } from '../../../lib/api/keys';
import { importCustomersCsv, type ImportModes, type ImportProgress } from '../api/importCsv';

/** The real import, streamed: progress as the server reports it, then the result; customers' lists refresh after it. */
export function useRunImport() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const mutation = useMutation<ImportResult, Error, { file: File; modes: ImportModes }>({
    mutationFn: ({ file, modes }) => {
      setProgress({ done: 0, total: 0 });
      return importCustomersCsv({ file, modes, dryRun: false, onProgress: setProgress });
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      await queryClient.invalidateQueries({ queryKey: ['customer'] });
    },
  });
  const reset = (): void => {
    setProgress(null);
    mutation.reset();
  };
  return { ...mutation, progress, reset };
}
