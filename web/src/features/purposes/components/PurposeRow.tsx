import { ActionIcon, Badge, Button, Group, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PurposeView } from '../../../../../common/purposes';
import { useT } from '../../../lib/i18n/i18n';

interface PurposeRowProps {
  purpose: PurposeView;
  first: boolean;
  last: boolean;
  busy: boolean;
  onRename: (label: string) => void;
  onMove: (by: -1 | 1) => void;
  onArchive: (archived: boolean) => void;
}

/** One purpose of the list: its label (saved on 保存), its place, archive or restore. */
export function PurposeRow({ purpose, first, last, busy, onRename, onMove, onArchive }: PurposeRowProps) {
  const t = useT();
  const [label, setLabel] = useState(purpose.label);
  const archived = purpose.archivedAt !== null;
  const changed = label.trim() !== '' && label.trim() !== purpose.label;
  return (
    <Table.Tr data-testid="purpose-row" data-label={purpose.label}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            aria-label={t('purposes.labelOf', { label: purpose.label })}
            maxLength={40}
            w={200}
          />
          {changed && (
            <Button size="compact-xs" onClick={() => onRename(label.trim())} loading={busy}>
              {t('common.save')}
            </Button>
          )}
          {archived && (
            <Badge color="gray" variant="light">
              {t('purposes.archived')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" disabled={first || busy} onClick={() => onMove(-1)} aria-label={t('purposes.moveUp', { label: purpose.label })}>
            ↑
          </ActionIcon>
          <ActionIcon variant="subtle" disabled={last || busy} onClick={() => onMove(1)} aria-label={t('purposes.moveDown', { label: purpose.label })}>
            ↓
          </ActionIcon>
        </Group>
      </Table.Td>
      <Table.Td ta="right">
        <Button size="compact-xs" variant="light" color={archived ? 'blue' : 'gray'} disabled={busy} onClick={() => onArchive(!archived)}>
          {archived ? t('purposes.restore') : t('purposes.archive')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
