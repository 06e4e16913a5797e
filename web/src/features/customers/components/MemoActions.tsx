import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { Memo } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useMemoMutations } from '../hooks/useRecordMutations';
import { ConfirmDeleteModal } from './ConfirmDeleteModal';

/** 編集 and 削除 for one memo (shown only to those the policy lets change it); the delete asks first. */
export function MemoActions({ customerId, memo, onEdit }: { customerId: string; memo: Memo; onEdit: () => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const { remove } = useMemoMutations(customerId);
  const close = () => {
    setConfirming(false);
    remove.reset();
  };
  return (
    <Group gap={2} wrap="nowrap">
      <Button size="compact-xs" variant="subtle" onClick={onEdit} data-testid="memo-edit">
        {t('common.edit')}
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="memo-delete">
        {t('records.delete')}
      </Button>
      <ConfirmDeleteModal
        opened={confirming}
        title={t('records.memoDeleteTitle')}
        onClose={close}
        onConfirm={() => remove.mutate(memo.id, { onSuccess: close })}
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={4}>
          {memo.body}
        </Text>
        <Text size="sm">{t('records.memoDeleteConfirm')}</Text>
      </ConfirmDeleteModal>
    </Group>
  );
}
