import { Anchor, Card, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { BlockNumberControl } from '../../blocking/components/BlockNumberControl';
import { useBlockedNumbers } from '../../blocking/hooks/useBlockedNumbers';

/** Numbers blocked in Dialpad from here (admins): whose, why, who and when, each with ブロック解除. */
export function BlockedNumbersCard() {
  const t = useT();
  const blocked = useBlockedNumbers();
  const rows = blocked.data ? [...blocked.data.values()] : [];
  return (
    <Card withBorder padding="lg" data-testid="blocked-numbers-card">
      <Title order={2} size="h4" mb={4}>
        {t('blocking.listTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('blocking.listHelp')}
      </Text>
      {blocked.isError ? (
        <ErrorNotice error={blocked.error} />
      ) : (
        <DataTable
          verticalSpacing="xs"
          minWidth={640}
          rows={rows}
          rowKey={(b) => b.id}
          loaded={blocked.isSuccess}
          emptyText={t('blocking.listEmpty')}
          columns={[
            { header: t('blocking.number'), cell: (b) => formatPhone(b.e164), nowrap: true },
            {
              header: t('calls.customer'),
              cell: (b) =>
                b.customerId && b.customerName ? (
                  <Anchor component={Link} to={`/customers/${encodeURIComponent(b.customerId)}`} size="sm">
                    {b.customerName}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('call.unknownCaller')}
                  </Text>
                ),
              nowrap: true,
            },
            {
              header: t('blocking.reason'),
              cell: (b) => (
                <Text size="sm" miw={160}>
                  {b.reason}
                </Text>
              ),
            },
            { header: t('blocking.blockedBy'), cell: (b) => b.blockedBy?.name ?? '', nowrap: true },
            { header: t('blocking.blockedAt'), cell: (b) => formatDateTime(b.blockedAt), nowrap: true },
            { cell: (b) => <BlockNumberControl phone={b.e164} mode="action" />, nowrap: true },
          ]}
        />
      )}
    </Card>
  );
}
