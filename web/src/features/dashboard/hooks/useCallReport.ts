import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { getCallReport } from '../../purposes/api/purposes';

/** The report for a range of Japan days; under the calls key, so a call event (or a new tag) refreshes it. */
export function useCallReport(from: string, to: string, enabled: boolean) {
  return useQuery({ queryKey: keys.calls({ report: from, to }), queryFn: () => getCallReport(from, to), enabled });
}
