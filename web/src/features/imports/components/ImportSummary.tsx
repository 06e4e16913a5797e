import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { ImportResult } from '../../../../../common/customers';
import { useT } from '../../../lib/i18n/i18n';

const ENCODINGS: Record<ImportResult['encoding'], string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

/** The counts of a dry run or an import, how the file was read, and the columns left unread. */
export function ImportSummary({ result }: { result: ImportResult }) {
  const t = useT();
  const counts = [
    { key: 'import.count.created', value: result.created, color: 'teal', name: 'created' },
    { key: 'import.count.updated', value: result.updated, color: 'blue', name: 'updated' },
    { key: 'import.count.unchanged', value: result.unchanged, color: 'gray', name: 'unchanged' },
    { key: 'import.count.failed', value: result.failed, color: 'red', name: 'failed' },
  ] as const;
  return (
    <Stack gap="xs" data-testid="import-summary" data-dry-run={String(result.dryRun)}>
      <Group gap="xs">
        {counts.map((count) => (
          <Badge key={count.name} size="lg" variant={count.value > 0 ? 'light' : 'outline'} color={count.color} data-testid={`import-count-${count.name}`}>
            {t(count.key)} {count.value}
          </Badge>
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        {t('import.total', { total: result.total })} · {t('import.encoding', { encoding: ENCODINGS[result.encoding] })}
      </Text>
      {result.unknownHeaders.length > 0 && (
        <Alert color="yellow" variant="light" p="xs" data-testid="import-unknown-headers">
          {t('import.unknownHeaders', { headers: result.unknownHeaders.join('、') })}
        </Alert>
      )}
      {result.rowsTruncated && (
        <Text size="sm" c="dimmed">
          {t('import.rowsTruncated', { shown: result.rows.length })}
        </Text>
      )}
    </Stack>
  );
}
