import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n/i18n';

/** 結果メモ: what came of the call-backs so far, kept on the task. */
export function CallbackNote({ note, onSave, busy }: { note: string; onSave: (note: string) => void; busy: boolean }) {
  const t = useT();
  const [draft, setDraft] = useState(note);
  const changed = draft.trim() !== note.trim();
  return (
    <Group gap="xs" wrap="nowrap" align="flex-end">
      <TextInput
        size="xs"
        style={{ flex: 1 }}
        aria-label={t('callback.note')}
        placeholder={t('callback.notePlaceholder')}
        value={draft}
        maxLength={2000}
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
      <Button size="compact-xs" variant="light" disabled={!changed} loading={busy} onClick={() => onSave(draft.trim())}>
        {t('callback.saveNote')}
      </Button>
    </Group>
  );
}
