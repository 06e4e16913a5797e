import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { formatPhone } from '../../../lib/format';
import type { Store } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../hooks/useStores';
import { StoreFormModal } from './StoreFormModal';

/** Stores and the number prefixes that route a dialled number to each. */
export function StoresPage() {
  const t = useT();
  const stores = useStores();
  // undefined: closed; null: a new store.
  const [editing, setEditing] = useState<Store | null | undefined>(undefined);
  return (
    <Stack gap="md">
      <PageTitle actions={<Button onClick={() => setEditing(null)}>{t('stores.new')}</Button>}>{t('stores.title')}</PageTitle>
      {stores.isError && <ErrorNotice error={stores.error} />}
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover data-testid="store-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stores.code')}</Table.Th>
                <Table.Th>{t('stores.name')}</Table.Th>
                <Table.Th>{t('stores.prefixes')}</Table.Th>
                <Table.Th>{t('stores.office')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stores.data?.items.map((store) => (
                <Table.Tr key={store.code}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {store.code}
                    </Text>
                  </Table.Td>
                  <Table.Td fw={600}>{store.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {store.phonePrefixes.map((prefix) => (
                        <Badge key={prefix} variant="outline" color="gray" ff="monospace" title={formatPhone(prefix)}>
                          {prefix}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{store.dialpadOfficeId}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(store)} aria-label={`${t('common.edit')}: ${store.name}`}>
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {editing !== undefined && <StoreFormModal key={editing?.code ?? 'new'} store={editing} opened onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}
