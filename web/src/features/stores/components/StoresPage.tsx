import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { formatPhone } from '../../../lib/format';
import type { Store } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../hooks/useStores';
import { DeleteStoreModal } from './DeleteStoreModal';
import { StoreFormModal } from './StoreFormModal';

/** Stores and the number prefixes that route a dialled number to each; add, edit, delete. */
export function StoresPage() {
  const t = useT();
  const stores = useStores();
  // undefined: closed; null: a new store.
  const [editing, setEditing] = useState<Store | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Store | null>(null);
  return (
    <Stack gap="md">
      <PageTitle actions={<Button onClick={() => setEditing(null)}>{t('stores.new')}</Button>}>{t('stores.title')}</PageTitle>
      {stores.isError && <ErrorNotice error={stores.error} />}
      <Card withBorder padding={0}>
        <DataTable
          data-testid="store-table"
          minWidth={600}
          rows={stores.data?.items ?? []}
          rowKey={(store) => store.code}
          columns={[
            {
              header: t('stores.code'),
              cell: (store) => (
                <Text ff="monospace" size="sm">
                  {store.code}
                </Text>
              ),
            },
            { header: t('stores.name'), cell: (store) => store.name, strong: true },
            {
              header: t('stores.prefixes'),
              cell: (store) => (
                <Group gap={4}>
                  {store.phonePrefixes.map((prefix) => (
                    <Badge key={prefix} variant="outline" color="gray" ff="monospace" title={formatPhone(prefix)}>
                      {prefix}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            { header: t('stores.office'), cell: (store) => store.dialpadOfficeId },
            {
              cell: (store) => (
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(store)} aria-label={`${t('common.edit')}: ${store.name}`}>
                    {t('common.edit')}
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(store)} aria-label={`${t('records.delete')}: ${store.name}`}>
                    {t('records.delete')}
                  </Button>
                </Group>
              ),
            },
          ]}
        />
      </Card>
      {editing !== undefined && <StoreFormModal key={editing?.code ?? 'new'} store={editing} opened onClose={() => setEditing(undefined)} />}
      {deleting && <DeleteStoreModal key={deleting.code} store={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}
