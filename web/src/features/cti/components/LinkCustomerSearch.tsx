import { Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { searchCustomers } from '../../customers/api/customers';
import { useLinkCustomer } from '../hooks/useLinkCustomer';

/** Finds an existing customer and links them to the call (the number is added on the server's side). */
export function LinkCustomerSearch({ callId }: { callId: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const results = useQuery({
    queryKey: keys.customerSearch(debounced),
    queryFn: ({ signal }) => searchCustomers(debounced, undefined, signal),
    enabled: debounced.length > 0,
  });
  const link = useLinkCustomer(callId);
  return (
    <Stack gap={6}>
      <TextInput
        label={t('call.linkSearch')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        rightSection={results.isFetching ? <Loader size="xs" /> : null}
        size="sm"
        type="search"
        data-testid="link-search"
      />
      {results.isError && <ErrorNotice error={results.error} />}
      {results.data && results.data.items.length === 0 && <EmptyText>{t('customer.noResults')}</EmptyText>}
      {results.data?.items.slice(0, 6).map((customer) => (
        <Group key={customer.id} justify="space-between" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate="end">
              {customer.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {[customer.nameKana, customer.phones[0]?.display].filter(Boolean).join(' · ')}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            onClick={() => link.mutate({ id: customer.id, name: customer.name, nameKana: customer.nameKana, caution: customer.caution, cautionReason: '', tags: customer.tags })}
            loading={link.isPending && link.variables.id === customer.id}
            disabled={link.isPending}
            aria-label={`${t('call.link')}: ${customer.name}`}
          >
            {t('call.link')}
          </Button>
        </Group>
      ))}
      {link.isError && <ErrorNotice error={link.error} />}
    </Stack>
  );
}
