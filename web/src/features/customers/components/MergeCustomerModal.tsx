import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Customer, CustomerListItem } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { mergeCustomers, searchCustomers } from '../api/customers';

/** Picks a duplicate and merges it into this customer (POST /api/customers/:id/merge). */
export function MergeCustomerModal({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [q, setQ] = useState(customer.nameKana || customer.name);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const results = useQuery({
    queryKey: keys.customerSearch(debounced),
    queryFn: ({ signal }) => searchCustomers(debounced, undefined, signal),
    enabled: opened && debounced.length > 0,
  });
  const merge = useMutation({
    mutationFn: (sourceId: string) => mergeCustomers(customer.id, sourceId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.customer(customer.id) });
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      onClose();
    },
  });
  const others = (results.data?.items ?? []).filter((c) => c.id !== customer.id);
  // Merging deletes the other record: one more click to confirm which.
  const [chosen, setChosen] = useState<CustomerListItem | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('customer.merge')} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t('customer.mergeHelp')}</Text>
        <TextInput type="search" label={t('customer.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
        {others.map((other) => (
          <Group key={other.id} justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>{other.name}</Text>
              <Text size="xs" c="dimmed">
                {[other.nameKana, ...other.phones.map((p) => p.display)].filter(Boolean).join(' · ')}
              </Text>
            </div>
            <Button size="xs" variant="light" onClick={() => setChosen(other)} aria-label={`${t('customer.mergeInto')}: ${other.name}`}>
              {t('customer.mergeInto')}
            </Button>
          </Group>
        ))}
        {chosen && (
          <Alert color="red" variant="light" title={t('customer.mergeConfirmTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('customer.mergeConfirm', { source: chosen.name, target: customer.name })}</Text>
              <Group justify="flex-end">
                <Button variant="default" size="xs" onClick={() => setChosen(null)}>
                  {t('common.cancel')}
                </Button>
                <Button color="red" size="xs" loading={merge.isPending} onClick={() => merge.mutate(chosen.id)} data-testid="merge-confirm">
                  {t('customer.mergeInto')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {merge.isError && <ErrorNotice error={merge.error} />}
      </Stack>
    </Modal>
  );
}
