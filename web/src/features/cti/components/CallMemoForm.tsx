import { Button, Group, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n/i18n';
import { useSaveCallMemo } from '../hooks/useSaveCallMemo';
import { useMemoDraft } from '../lib/drafts';
import { ErrorNotice } from '../../../components/ErrorNotice';

/** A memo written during the call, saved to the call and its customer (an unknown caller's moves to them once registered or linked). */
export function CallMemoForm({ callId, customerId, minRows = 2 }: { callId: string; customerId: string | null; minRows?: number }) {
  const t = useT();
  const [draft, setDraft] = useMemoDraft(callId);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const save = useSaveCallMemo(callId, customerId);
  const submit = (): void => {
    const body = draft.trim();
    if (!body || save.isPending) return;
    save.mutate(body, {
      onSuccess: () => {
        setDraft('');
        setSavedAt(Date.now());
      },
    });
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Textarea
        label={t('call.memo')}
        placeholder={t('call.memoPlaceholder')}
        autosize
        minRows={minRows}
        maxRows={8}
        value={draft}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          setSavedAt(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit();
          }
        }}
        description={customerId ? undefined : t('call.memoOnUnknown')}
        data-testid="call-memo-input"
      />
      <Group justify="space-between" mt={6}>
        <Text size="xs" c="teal.9" role="status" data-testid="memo-status">
          {savedAt ? t('call.memoSaved') : ''}
        </Text>
        <Button type="submit" size="xs" loading={save.isPending} disabled={!draft.trim()} data-testid="call-memo-save">
          {t('call.memoSave')}
        </Button>
      </Group>
      {save.isError && <ErrorNotice error={save.error} />}
    </form>
  );
}
