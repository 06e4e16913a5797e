import { Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Customer } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { deleteCustomer, fetchCustomerUsage } from '../api/records';
import { ConfirmDeleteModal } from './ConfirmDeleteModal';

/** Deleting a customer (admin), after saying what goes with them and what stays; then back to the list. */
export function DeleteCustomerModal({ customer, opened, onClose }: { customer: Pick<Customer, 'id' | 'name'>; opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const usage = useQuery({
    queryKey: [...keys.customer(customer.id), 'usage'],
    queryFn: ({ signal }) => fetchCustomerUsage(customer.id, signal),
    enabled: opened,
    staleTime: 0,
  });
  const remove = useMutation({
    mutationFn: () => deleteCustomer(customer.id),
    onSuccess: async () => {
      await navigate('/customers');
      queryClient.removeQueries({ queryKey: keys.customer(customer.id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.customers }),
        queryClient.invalidateQueries({ queryKey: ['calls'] }),
        queryClient.invalidateQueries({ queryKey: ['call'] }),
        queryClient.invalidateQueries({ queryKey: keys.callbacks }),
      ]);
    },
  });
  const u = usage.data;
  return (
    <ConfirmDeleteModal
      opened={opened}
      title={t('records.customerDeleteTitle', { name: customer.name })}
      onClose={onClose}
      onConfirm={() => remove.mutate()}
      pending={remove.isPending}
      error={remove.isError ? remove.error : undefined}
      blocked={!u}
    >
      {usage.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {usage.isError && <ErrorNotice error={usage.error} />}
      {u && (
        <Stack gap={6} data-testid="customer-delete-summary">
          <Text size="sm">{t('records.customerDeleteRemoves', { memos: u.memos, visits: u.visits })}</Text>
          <Text size="sm">{t('records.customerDeleteKeeps', { calls: u.calls })}</Text>
          {u.callbacks > 0 && <Text size="sm">{t('records.customerDeleteCallbacks', { callbacks: u.callbacks })}</Text>}
          <Text size="sm" fw={600}>
            {t('records.irreversible')}
          </Text>
        </Stack>
      )}
    </ConfirmDeleteModal>
  );
}
