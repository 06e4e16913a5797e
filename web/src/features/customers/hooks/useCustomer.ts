import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { Customer } from '../../../lib/api/types';
import { fetchCustomer } from '../api/customers';

export function useCustomer(id: string | null | undefined): UseQueryResult<Customer> {
  return useQuery({
    queryKey: keys.customer(id ?? ''),
    queryFn: ({ signal }) => fetchCustomer(id ?? '', signal),
    enabled: !!id,
  });
}
