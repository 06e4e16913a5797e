import { ActionIcon, Menu } from '@mantine/core';
import type { User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';

export type UserAction = 'edit' | 'reset' | 'toggle';

/** A row's ⋯ menu. One's own account is changed on the アカウント page, and may not be disabled. */
export function UserRowMenu({ user, self, onPick }: { user: User; self: boolean; onPick: (action: UserAction) => void }) {
  const t = useT();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('users.actions', { name: user.name })} data-testid="user-row-menu">
          <span aria-hidden style={{ fontSize: 18, lineHeight: 1 }}>
            ⋯
          </span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onPick('edit')}>{t('users.edit')}</Menu.Item>
        {!self && <Menu.Item onClick={() => onPick('reset')}>{t('users.resetPassword')}</Menu.Item>}
        {!self && (
          <Menu.Item color={user.disabled ? 'teal' : 'red'} onClick={() => onPick('toggle')}>
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
