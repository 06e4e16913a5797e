import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { isNotFound } from '../../../lib/api/http';
import { formatDateTime } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useDialpadStatus } from '../hooks/useDialpadStatus';

/** Last event received and signature failures. */
export function DialpadStatusCard() {
  const t = useT();
  const status = useDialpadStatus();
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="sm">
        {t('dialpad.status')}
      </Title>
      {status.isError &&
        (isNotFound(status.error) ? <NotAvailable endpoint="GET /api/dialpad/status">{t('dialpad.statusUnavailable')}</NotAvailable> : <ErrorNotice error={status.error} />)}
      {status.data && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('dialpad.lastEvent')}
            </Text>
            <Text>
              {formatDateTime(status.data.lastEventAt) || '—'} {status.data.lastEventState ?? ''}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('dialpad.signatureFailures')}
            </Text>
            <Text>
              {status.data.signatureFailures ?? 0}
              {status.data.lastSignatureFailureAt ? ` (${formatDateTime(status.data.lastSignatureFailureAt)})` : ''}
            </Text>
          </Stack>
        </SimpleGrid>
      )}
    </Card>
  );
}
