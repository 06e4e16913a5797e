import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { keys } from '../../../lib/api/keys';
import type { User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { useStores } from '../../stores/hooks/useStores';
import { listUsers } from '../api/users';
import { CreateUserModal } from './CreateUserModal';
import { EditUserModal } from './EditUserModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { ToggleUserModal } from './ToggleUserModal';
import { type UserAction, UserRowMenu } from './UserRowMenu';

/** Who may sign in; admins add users, change their role and store, reset passwords, disable and re-enable them. */
export function UsersPage() {
  const t = useT();
  const session = useSession();
  const users = useQuery({ queryKey: keys.users, queryFn: ({ signal }) => listUsers(signal) });
  const stores = useStores();
  const storeName = new Map((stores.data?.items ?? []).map((store) => [store.code, store.name]));
  const [creating, create] = useDisclosure(false);
  const [open, setOpen] = useState<{ action: UserAction; user: User } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setOpen(null);
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
  };
  return (
    <Stack gap="md">
      <PageTitle actions={<Button onClick={create.open}>{t('users.new')}</Button>}>{t('users.title')}</PageTitle>
      {users.isError && <ErrorNotice error={users.error} />}
      {notice && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} data-testid="users-notice">
          {notice}
        </Alert>
      )}
      <Card withBorder padding={0}>
        <DataTable
          data-testid="user-table"
          minWidth={720}
          rows={users.data?.items ?? []}
          rowKey={(user) => user.id}
          columns={[
            {
              header: t('users.name'),
              strong: true,
              cell: (user) => (
                <Group gap={6} wrap="nowrap">
                  <Text inherit>{user.name}</Text>
                  {user.id === session?.user.id && (
                    <Badge size="xs" variant="outline" color="gray">
                      {t('users.you')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { header: t('users.email'), cell: (user) => user.email },
            { header: t('users.role'), cell: (user) => (user.role === 'admin' ? t('users.admin') : t('users.staff')) },
            { header: t('users.store'), cell: (user) => (user.storeCode ? (storeName.get(user.storeCode) ?? user.storeCode) : '') },
            {
              header: t('users.status'),
              cell: (user) => (
                <Badge color={user.disabled ? 'gray' : 'teal'} variant="light">
                  {user.disabled ? t('users.disabled') : t('users.active')}
                </Badge>
              ),
            },
            {
              cell: (user) => (
                <UserRowMenu
                  user={user}
                  self={user.id === session?.user.id}
                  onPick={(action) => {
                    setNotice(null);
                    setOpen({ action, user });
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      {creating && <CreateUserModal opened onClose={create.close} />}
      {open?.action === 'edit' && <EditUserModal user={open.user} onClose={close} onSaved={(user) => done(t('users.saved', { name: user.name }))} />}
      {open?.action === 'reset' && <ResetPasswordModal user={open.user} onClose={close} />}
      {open?.action === 'toggle' && (
        <ToggleUserModal
          user={open.user}
          onClose={close}
          onDone={(user) => done(user.disabled ? t('users.disabledDone', { name: user.name }) : t('users.enabledDone', { name: user.name }))}
        />
      )}
    </Stack>
  );
}
