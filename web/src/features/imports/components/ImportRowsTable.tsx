import { Badge, Stack, Text } from '@mantine/core';
import type { ImportFailure, ImportResult, ImportRowPreview } from '../../../../../common/customers';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { useT } from '../../../lib/i18n/i18n';
import { ACTION_LABELS, changeValue, failureMessage, fieldLabel } from '../lib/messages';

interface Row {
  preview: ImportRowPreview;
  failures: ImportFailure[];
}

/** What each row does (or did): its number in the file, the name, a badge, each field's old → new, each failure in words. */
export function ImportRowsTable({ result }: { result: ImportResult }) {
  const t = useT();
  const failuresByRow = new Map<number, ImportFailure[]>();
  for (const failure of result.failures) failuresByRow.set(failure.row, [...(failuresByRow.get(failure.row) ?? []), failure]);
  const rows: Row[] = result.rows.map((preview) => ({ preview, failures: failuresByRow.get(preview.row) ?? [] }));

  const columns: DataColumn<Row>[] = [
    {
      header: t('import.col.row'),
      nowrap: true,
      cell: ({ preview }) => (
        <Text size="sm" ff="monospace" data-testid="import-row" data-row={preview.row} data-action={preview.action}>
          {preview.row}
        </Text>
      ),
    },
    { header: t('import.col.name'), strong: true, cell: ({ preview }) => preview.name ?? '—' },
    {
      header: t('import.col.action'),
      nowrap: true,
      cell: ({ preview }) => (
        <Badge color={ACTION_LABELS[preview.action].color} variant="light">
          {t(ACTION_LABELS[preview.action].key)}
        </Badge>
      ),
    },
    {
      header: t('import.col.changes'),
      cell: ({ preview, failures }) => (
        <Stack gap={4}>
          {preview.changes.map((change) => (
            <Text key={change.field} size="sm" data-testid="import-change" data-field={change.field} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <Text span fw={600} size="sm">
                {fieldLabel(t, change.field)}
              </Text>
              {': '}
              <Text span c="dimmed" size="sm" td={change.old === null ? undefined : 'line-through'}>
                {changeValue(t, change, change.old)}
              </Text>
              {' → '}
              <Text span size="sm">
                {changeValue(t, change, change.new)}
              </Text>
            </Text>
          ))}
          {failures.map((failure, i) => (
            <Text key={i} size="sm" c="red.8" data-testid="import-failure">
              {failureMessage(t, failure)}
            </Text>
          ))}
        </Stack>
      ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={({ preview }) => String(preview.row)}
      minWidth={720}
      loaded
      emptyText={t('import.noRows')}
      verticalSpacing="xs"
    />
  );
}
