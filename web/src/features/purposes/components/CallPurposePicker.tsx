import { Chip, Group, Text } from '@mantine/core';
import type { PurposeRef } from '../../../../../common/purposes';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';
import { usePurposes, useSetCallPurpose } from '../hooks/usePurposes';

interface CallPurposePickerProps {
  callId: string;
  /** The call's purpose now (it may be archived: it still shows, checked). */
  current: PurposeRef | null;
}

/** 用件: one chip per active purpose; choosing the checked one again clears it. Works during the call and after. */
export function CallPurposePicker({ callId, current }: CallPurposePickerProps) {
  const t = useT();
  const purposes = usePurposes();
  const set = useSetCallPurpose(callId);
  const offered = (purposes.data ?? []).filter((p) => p.archivedAt === null || p.id === current?.id);
  if (offered.length === 0) return null;
  return (
    <div data-testid="call-purpose">
      <Group gap={6} align="center" wrap="wrap">
        <Text size="sm" fw={600} component="span" id={`purpose-${callId}`}>
          {t('purposes.onCard')}
        </Text>
        <Group gap={4} role="group" aria-labelledby={`purpose-${callId}`} wrap="wrap">
          {offered.map((p) => (
            <Chip
              key={p.id}
              size="xs"
              checked={current?.id === p.id}
              disabled={set.isPending}
              onChange={() => set.mutate(current?.id === p.id ? null : p.id)}
            >
              {p.label}
            </Chip>
          ))}
        </Group>
      </Group>
      {set.isError && <ErrorNotice error={set.error} />}
    </div>
  );
}
