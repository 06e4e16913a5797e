import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { Memo } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useMemoMutations } from '../hooks/useRecordMutations';

/** A memo's words, edited where they are shown (the customer page or the call card). */
export function MemoEditForm({ customerId, memo, onDone, minRows = 2 }: { customerId: string; memo: Memo; onDone: () => void; minRows?: number }) {
  const t = useT();
  const [body, setBody] = useState(memo.body);
  const { edit } = useMemoMutations(customerId);
  const text = body.trim();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!text) return;
        if (text === memo.body) return onDone();
        edit.mutate({ memoId: memo.id, body: text }, { onSuccess: onDone });
      }}
    >
      <Stack gap={6}>
        <Textarea
          aria-label={t('records.editMemo')}
          autosize
          minRows={minRows}
          maxRows={10}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          data-autofocus
          autoFocus
          data-testid="memo-edit-input"
        />
        {edit.isError && <ErrorNotice error={edit.error} />}
        <Group justify="flex-end" gap="xs">
          <Button size="compact-sm" variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button size="compact-sm" type="submit" loading={edit.isPending} disabled={!text} data-testid="memo-edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
