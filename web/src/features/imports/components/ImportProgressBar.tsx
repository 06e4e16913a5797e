import { Progress, Stack, Text } from '@mantine/core';
import { useT } from '../../../lib/i18n/i18n';
import type { ImportProgress } from '../api/importCsv';

/** How far the import is, from the server's progress lines; full once the result is in. */
export function ImportProgressBar({ progress, finished }: { progress: ImportProgress; finished: boolean }) {
  const t = useT();
  const percent = finished ? 100 : progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <Stack gap={4} data-testid="import-progress" data-finished={String(finished)} data-percent={percent}>
      <Progress value={percent} size="lg" animated={!finished} aria-label={t('import.importing')} />
      <Text size="sm" c="dimmed">
        {finished ? t('import.finished') : progress.total > 0 ? t('import.progress', { done: progress.done, total: progress.total }) : t('import.importing')}
      </Text>
    </Stack>
  );
}
