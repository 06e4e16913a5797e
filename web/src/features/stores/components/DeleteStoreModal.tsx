import { List, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ApiError } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import type { Store } from '../../../lib/api/types';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { ConfirmDeleteModal } from '../../customers/components/ConfirmDeleteModal';
import { deleteStore, fetchStoreUsage } from '../api/stores';

/**
 * Deleting a store (admin): its prefixes go, its calls, visits and call-backs stay without a store;
 * users must be moved first (the server answers 409 while one belongs), and they are listed by name.
 */
export function DeleteStoreModal({ store, onClose }: { store: Store; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const usageKey = [...keys.stores, store.code, 'usage'];
  const usage = useQuery({ queryKey: usageKey, queryFn: ({ signal }) => fetchStoreUsage(store.code, signal), staleTime: 0 });
  const remove = useMutation({
    mutationFn: () => deleteStore(store.code),
    onSuccess: async () => {
      onClose();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.stores }),
        queryClient.invalidateQueries({ queryKey: keys.customers }),
        queryClient.invalidateQueries({ queryKey: ['customer'] }),
        queryClient.invalidateQueries({ queryKey: ['calls'] }),
        queryClient.invalidateQueries({ queryKey: keys.callbacks }),
        queryClient.invalidateQueries({ queryKey: keys.users }),
      ]);
    },
    // Someone joined the store since the counts were read: read them again, so the list shows who.
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) void usage.refetch();
    },
  });
  const u = usage.data;
  const conflict = remove.error instanceof ApiError && remove.error.status === 409;
  return (
    <ConfirmDeleteModal
      opened
      title={t('records.storeDeleteTitle', { name: store.name })}
      onClose={onClose}
      onConfirm={() => remove.mutate()}
      pending={remove.isPending}
      error={remove.isError ? remove.error : undefined}
      errorText={
        conflict ? (
          <Text size="sm" c="red.8" role="alert">
            {t('records.storeDeleteConflict')}
          </Text>
        ) : undefined
      }
      blocked={!u || u.users.length > 0}
    >
      {usage.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {usage.isError && <ErrorNotice error={usage.error} />}
      {u && (
        <Stack gap={6} data-testid="store-delete-summary">
          {u.users.length > 0 && (
            <Stack gap={4} data-testid="store-delete-users">
              <Text size="sm" fw={600} c="red.8">
                {t('records.storeDeleteUsers', { count: u.users.length })}
              </Text>
              <List size="sm">
                {u.users.map((user) => (
                  <List.Item key={user.id}>
                    {user.name} ({user.email})
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
          <Text size="sm">
            {u.prefixes.length > 0
              ? t('records.storeDeletePrefixes', { count: u.prefixes.length, list: u.prefixes.map(formatPhone).join('、') })
              : t('records.storeDeleteNoPrefixes')}
          </Text>
          <Text size="sm">{t('records.storeDeleteHistory', { calls: u.calls, visits: u.visits, callbacks: u.callbacks })}</Text>
          {u.customers > 0 && <Text size="sm">{t('records.storeDeleteCustomers', { customers: u.customers })}</Text>}
          <Text size="sm" fw={600}>
            {t('records.irreversible')}
          </Text>
        </Stack>
      )}
    </ConfirmDeleteModal>
  );
}
