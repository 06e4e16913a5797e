import { Button, Group, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { CallbackView } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { fetchAssignableUsers } from '../api/callbacks';
import type { CallbackChange } from './CallbackTaskRow';

/** 担当: staff take a task (or let go of theirs); an admin picks anyone who can work it. */
export function CallbackOwner({ item, onChange, busy }: { item: CallbackView; onChange: (change: CallbackChange) => void; busy: boolean }) {
  const t = useT();
  const me = useSession()?.user;
  const isAdmin = me?.role === 'admin';
  const users = useQuery({ queryKey: ['callbacks', 'assignable'], queryFn: ({ signal }) => fetchAssignableUsers(signal), enabled: isAdmin, staleTime: 60_000 });
  const choices = (users.data?.items ?? [])
    .filter((u) => !u.disabled && (u.role === 'admin' || u.storeCode === item.store?.code))
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="xs" fw={600} data-testid="callback-owner">
        {item.owner ? t('callback.owner', { name: item.owner.name }) : t('callback.noOwner')}
      </Text>
      {me && !item.owner && (
        <Button size="compact-xs" variant="subtle" loading={busy} onClick={() => onChange({ ownerId: me.id })}>
          {t('callback.take')}
        </Button>
      )}
      {me && item.owner?.id === me.id && (
        <Button size="compact-xs" variant="subtle" color="gray" loading={busy} onClick={() => onChange({ ownerId: null })}>
          {t('callback.release')}
        </Button>
      )}
      {isAdmin && (
        <Select
          size="xs"
          w={160}
          aria-label={t('callback.assignLabel')}
          placeholder={t('callback.assign')}
          data={choices}
          value={item.owner?.id ?? null}
          onChange={(value) => value && value !== item.owner?.id && onChange({ ownerId: value })}
          disabled={busy}
        />
      )}
    </Group>
  );
}
