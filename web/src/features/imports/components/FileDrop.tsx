import { FileInput, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n/i18n';

/** Choose a CSV with the picker, or drop it on the box. */
export function FileDrop({ file, onChoose, disabled }: { file: File | null; onChoose: (file: File) => void; disabled: boolean }) {
  const t = useT();
  const [over, setOver] = useState(false);
  return (
    <Paper
      withBorder
      p="md"
      style={{ borderStyle: 'dashed', borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined }}
      onDragOver={(event) => {
        if (disabled) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const dropped = event.dataTransfer.files[0];
        if (!disabled && dropped) onChoose(dropped);
      }}
    >
      <FileInput
        label={t('import.fileLabel')}
        description={t('import.fileHelp')}
        placeholder={t('import.filePlaceholder')}
        accept=".csv,text/csv"
        value={file}
        onChange={(chosen) => {
          if (chosen) onChoose(chosen);
        }}
        disabled={disabled}
        maw={560}
        data-testid="import-file"
      />
      <Text size="xs" c="dimmed" mt="xs">
        {t('import.dropHint')}
      </Text>
    </Paper>
  );
}
