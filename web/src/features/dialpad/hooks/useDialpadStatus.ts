import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { fetchDialpadStatus } from '../api/dialpad';

/** GET /api/dialpad/status, shared by the page's secret warning and its status card (one request). */
export const useDialpadStatus = () =>
  useQuery({ queryKey: keys.dialpadStatus, queryFn: ({ signal }) => fetchDialpadStatus(signal), refetchInterval: 30_000 });
