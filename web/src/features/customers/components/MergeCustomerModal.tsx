import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Customer, CustomerListItem } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { searchCustomers } from '../api/customers';
import { useMergeCustomer } from '../hooks/useMergeCustomer';

interface MergeCustomerModalProps {
  /** The customer kept: the chosen one is merged into it. */
  customer: Pick<Customer, 'id' | 'name' | 'nameKana'>;
  opened: boolean;
  onClose: () => void;
  /** The customers to choose from (a group of possible duplicates); without them, a search picks one. */
  candidates?: CustomerListItem[];
}

/** Picks a duplicate and merges it into this customer (POST /api/customers/:id/merge). */
export function MergeCustomerModal({ customer, opened, onClose, candidates }: MergeCustomerModalProps) {
  const t = useT();
  const [q, setQ] = useState(customer.nameKana || customer.name);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const results = useQuery({
    queryKey: keys.customerSearch(debounced),
    queryFn: ({ signal }) => searchCustomers(debounced, undefined, signal),
    enabled: opened && !candidates && debounced.length > 0,
  });
  const merge = useMergeCustomer(customer.id, onClose);
  const others = (candidates ?? results.data?.items ?? []).filter((c) => c.id !== customer.id);
  // Merging deletes the other record: one more click to confirm which.
  const [chosen, setChosen] = useState<CustomerListItem | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('customer.merge')} size="lg">
      <Stack gap="sm">
        {candidates && <Text fw={600}>{t('duplicates.mergeTarget', { name: customer.name })}</Text>}
        <Text size="sm">{t('customer.mergeHelp')}</Text>
        {!candidates && (
          <TextInput type="search" label={t('customer.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
        )}
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
