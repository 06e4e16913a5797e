import { Paper, Text } from '@mantine/core';
import type { Memo } from '../../../lib/api/types';
import { formatDateTime } from '../../../lib/format';

/** One memo on the card: its text, when and by whom. */
export function MemoItem({ memo, pinned }: { memo: Memo; pinned?: boolean }) {
  return (
    <Paper p={6} radius="sm" withBorder bg={pinned ? 'yellow.0' : undefined} data-testid={pinned ? 'pinned-memo' : 'memo'}>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {memo.body}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(memo.createdAt)}
        {memo.author ? ` · ${memo.author.name}` : ''}
      </Text>
    </Paper>
  );
}
