import { useQuery } from '@tanstack/react-query';
import type { ImportResult } from '../../../../../common/customers';
import { importCustomersCsv, type ImportModes } from '../api/importCsv';

/** A chosen file, numbered so choosing the same name again is a new dry run. */
export interface ChosenFile {
  file: File;
  serial: number;
}

/**
 * The dry run of the chosen file with these modes: run when a file is chosen and again when a
 * mode changes (each answer kept under its modes, so going back to one is instant).
 */
export function useImportPreview(chosen: ChosenFile | null, modes: ImportModes) {
  return useQuery<ImportResult>({
    queryKey: ['customers-import', 'dry-run', chosen?.serial ?? 0, modes.notes, modes.tags],
    queryFn: ({ signal }) => importCustomersCsv({ file: chosen!.file, modes, dryRun: true, signal }),
    enabled: chosen !== null,
    // While a mode change re-runs, the same file's last answer stays on screen (never another file's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === chosen?.serial ? previous : undefined),
    staleTime: Infinity,
    // The file's answers are no use once the page is left (and hold personal data).
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
