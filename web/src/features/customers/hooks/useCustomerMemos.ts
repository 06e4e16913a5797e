import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { fetchMemos, fetchVisits } from '../api/customers';

export function useCustomerMemos(id: string) {
  return useQuery({ queryKey: keys.customerMemos(id), queryFn: ({ signal }) => fetchMemos(id, signal) });
}

export function useCustomerVisits(id: string) {
  return useQuery({ queryKey: keys.customerVisits(id), queryFn: ({ signal }) => fetchVisits(id, signal) });
}
