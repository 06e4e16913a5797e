import { Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import type { Memo } from '../../../lib/api/types';
import { formatDateTime } from '../../../lib/format';
import { MemoActions } from '../../customers/components/MemoActions';
import { MemoEditForm } from '../../customers/components/MemoEditForm';
import { useRecordPermissions } from '../../customers/lib/permissions';

/**
 * One memo on the card: its text, when and by whom; its author (or an admin) edits or deletes it here.
 * `customerId` null: the caller is not known yet, and the memo waits on the call.
 */
export function MemoItem({ memo, pinned, customerId }: { memo: Memo; pinned?: boolean; customerId: string | null }) {
  const may = useRecordPermissions();
  const [editing, setEditing] = useState(false);
  const editable = customerId !== null && may.memo(memo);
  return (
    <Paper p={6} radius="sm" withBorder bg={pinned ? 'yellow.0' : undefined} data-testid={pinned ? 'pinned-memo' : 'memo'} data-memo-id={memo.id}>
      {editing && customerId !== null ? (
        <MemoEditForm customerId={customerId} memo={memo} onDone={() => setEditing(false)} minRows={2} />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {memo.body}
        </Text>
      )}
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {formatDateTime(memo.createdAt)}
          {memo.author ? ` · ${memo.author.name}` : ''}
        </Text>
        {editable && !editing && <MemoActions customerId={customerId} memo={memo} onEdit={() => setEditing(true)} />}
      </Group>
    </Paper>
  );
}
