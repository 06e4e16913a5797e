import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { disableUser, enableUser } from '../api/users';
import { UserError } from './UserError';

/** 無効にする / 有効にする, confirmed: disabling signs the user out at once; the last active admin stays. */
export function ToggleUserModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (user: User) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => (user.disabled ? enableUser(user.id) : disableUser(user.id)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: keys.users });
      onDone(saved);
    },
  });
  const action = user.disabled ? t('users.enable') : t('users.disable');
  return (
    <Modal opened onClose={onClose} title={`${action}: ${user.name}`}>
      <Stack>
        <Text>{user.disabled ? t('users.enableConfirm', { name: user.name }) : t('users.disableConfirm', { name: user.name })}</Text>
        {toggle.isError && <UserError error={toggle.error} name={user.name} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color={user.disabled ? 'teal' : 'red'} loading={toggle.isPending} onClick={() => toggle.mutate()} data-testid="confirm-toggle">
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
