import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import type { Memo } from '../../../lib/api/types';
import { formatDateTime } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useRecordPermissions } from '../lib/permissions';
import { MemoActions } from './MemoActions';
import { MemoEditForm } from './MemoEditForm';

/** One memo on the customer page: pin or unpin it (anyone), edit or delete it (its author or an admin). */
export function CustomerMemoItem({ customerId, memo, onPin }: { customerId: string; memo: Memo; onPin: (memo: Memo) => void }) {
  const t = useT();
  const may = useRecordPermissions();
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="sm" bg={memo.pinned ? 'yellow.0' : undefined} data-testid="customer-memo" data-memo-id={memo.id}>
      {editing ? (
        <MemoEditForm customerId={customerId} memo={memo} onDone={() => setEditing(false)} />
      ) : (
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {memo.body}
          </Text>
          <Group gap={4} wrap="nowrap">
            {memo.pinned && <Badge color="yellow">{t('customer.pinned')}</Badge>}
            <Button size="compact-xs" variant="subtle" onClick={() => onPin(memo)}>
              {memo.pinned ? t('customer.unpin') : t('customer.pin')}
            </Button>
            {may.memo(memo) && <MemoActions customerId={customerId} memo={memo} onEdit={() => setEditing(true)} />}
          </Group>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(memo.createdAt)}
        {memo.author ? ` · ${memo.author.name}` : ''}
        {memo.callId ? ` · ${t('customer.memoFromCall')}` : ''}
      </Text>
    </Paper>
  );
}
