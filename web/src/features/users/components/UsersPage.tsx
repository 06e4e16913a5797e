import { Badge, Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { keys } from '../../../lib/api/keys';
import type { User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { disableUser, enableUser, listUsers } from '../api/users';
import { CreateUserModal } from './CreateUserModal';

/** Who may sign in; admins add, disable and re-enable accounts. */
export function UsersPage() {
  const t = useT();
  const session = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: keys.users, queryFn: ({ signal }) => listUsers(signal) });
  const [creating, create] = useDisclosure(false);
  const [confirming, setConfirming] = useState<User | null>(null);
  const toggle = useMutation({
    mutationFn: (user: User) => (user.disabled ? enableUser(user.id) : disableUser(user.id)),
    onSuccess: async () => {
      setConfirming(null);
      await queryClient.invalidateQueries({ queryKey: keys.users });
    },
  });
  return (
    <Stack gap="md">
      <PageTitle actions={<Button onClick={create.open}>{t('users.new')}</Button>}>{t('users.title')}</PageTitle>
      {users.isError && <ErrorNotice error={users.error} />}
      {toggle.isError && <ErrorNotice error={toggle.error} />}
      <Card withBorder padding={0}>
        <DataTable
          data-testid="user-table"
          minWidth={640}
          rows={users.data?.items ?? []}
          rowKey={(user) => user.id}
          columns={[
            { header: t('users.name'), cell: (user) => user.name, strong: true },
            { header: t('users.email'), cell: (user) => user.email },
            { header: t('users.role'), cell: (user) => (user.role === 'admin' ? t('users.admin') : t('users.staff')) },
            { header: t('users.store'), cell: (user) => user.storeCode ?? '' },
            {
              header: t('users.status'),
              cell: (user) => (
                <Badge color={user.disabled ? 'gray' : 'teal'} variant="light">
                  {user.disabled ? t('users.disabled') : t('users.active')}
                </Badge>
              ),
            },
            {
              cell: (user) =>
                user.id !== session?.user.id && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color={user.disabled ? 'teal' : 'red'}
                    onClick={() => (user.disabled ? toggle.mutate(user) : setConfirming(user))}
                    aria-label={`${user.disabled ? t('users.enable') : t('users.disable')}: ${user.name}`}
                  >
                    {user.disabled ? t('users.enable') : t('users.disable')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {creating && <CreateUserModal opened onClose={create.close} />}
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('users.disable')}>
        <Stack>
          <Text>{t('users.disableConfirm', { name: confirming?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={toggle.isPending} onClick={() => confirming && toggle.mutate(confirming)}>
              {t('users.disable')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
