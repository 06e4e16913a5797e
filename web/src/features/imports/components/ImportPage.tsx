import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import type { ImportModes } from '../api/importCsv';
import { type ChosenFile, useImportPreview } from '../hooks/useImportPreview';
import { useRunImport } from '../hooks/useRunImport';
import { fileErrorMessage } from '../lib/messages';
import { ExportMenu } from './ExportMenu';
import { FileDrop } from './FileDrop';
import { ImportModeChoice } from './ImportModeChoice';
import { ImportProgressBar } from './ImportProgressBar';
import { ImportRowsTable } from './ImportRowsTable';
import { ImportSummary } from './ImportSummary';

const DEFAULT_MODES: ImportModes = { notes: 'append', tags: 'append' };

/**
 * 顧客データの取り込み・書き出し (admins): choose a CSV → its dry run (counts, each row's old → new
 * and failures) → what 備考 and タグ of existing customers become → 取り込む with a progress bar →
 * the result. And the export, in either encoding.
 */
export function ImportPage() {
  const t = useT();
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [modes, setModes] = useState<ImportModes>(DEFAULT_MODES);
  const preview = useImportPreview(chosen, modes);
  const run = useRunImport();
  const busy = run.isPending;
  const done = run.isSuccess ? run.data : null;

  const choose = (file: File): void => {
    run.reset();
    setChosen((previous) => ({ file, serial: (previous?.serial ?? 0) + 1 }));
  };
  const shown = done ?? preview.data ?? null;
  const changes = preview.data ? preview.data.created + preview.data.updated : 0;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/customers" size="sm">
        ← {t('nav.customers')}
      </Anchor>
      <PageTitle actions={<ExportMenu />}>{t('import.title')}</PageTitle>
      <Text size="sm" mt={-12}>
        {t('import.help')}
      </Text>

      <FileDrop file={chosen?.file ?? null} onChoose={choose} disabled={busy} />

      {preview.isFetching && !done && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">{t('import.checking')}</Text>
        </Group>
      )}
      {preview.isError && (
        <Alert color="red" variant="light" role="alert" title={t('import.fileRefused')} data-testid="import-file-error">
          {fileErrorMessage(t, preview.error)}
        </Alert>
      )}

      {shown && (
        <Card withBorder>
          <Stack gap="md">
            <Title order={2} size="h4">
              {done ? t('import.doneTitle') : t('import.dryRunTitle')}
            </Title>
            <ImportSummary result={shown} />
            {!done && (
              <>
                <ImportModeChoice modes={modes} onChange={setModes} disabled={busy} />
                <Group>
                  <Button onClick={() => chosen && run.mutate({ file: chosen.file, modes })} loading={busy} disabled={changes === 0 || preview.isFetching} data-testid="import-submit">
                    {t('import.submit')}
                  </Button>
                  {changes === 0 && !preview.isFetching && (
                    <Text size="sm" c="dimmed">
                      {t('import.nothingToDo')}
                    </Text>
                  )}
                </Group>
              </>
            )}
            {run.progress && <ImportProgressBar progress={run.progress} finished={run.isSuccess} />}
            {run.isError && (
              <Alert color="red" variant="light" role="alert" title={t('import.stopped')} data-testid="import-error">
                {fileErrorMessage(t, run.error)}
              </Alert>
            )}
          </Stack>
        </Card>
      )}

      {shown && (
        <Card withBorder padding={0} data-testid="import-rows">
          <ImportRowsTable result={shown} />
        </Card>
      )}
    </Stack>
  );
}
