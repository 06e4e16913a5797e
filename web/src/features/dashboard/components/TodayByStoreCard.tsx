import { Card, Table, Title } from '@mantine/core';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StoreBadge } from '../../../components/StoreBadge';
import { useT } from '../../../lib/i18n/i18n';
import { useTodayByStore } from '../hooks/useTodayByStore';

export function TodayByStoreCard() {
  const t = useT();
  const today = useTodayByStore();
  const rows = today.data ?? [];
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  return (
    <Card withBorder padding="md" data-testid="today-by-store">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.today')}
      </Title>
      {today.isError && <ErrorNotice error={today.error} />}
      {today.isSuccess && rows.length === 0 && <EmptyText>{t('calls.empty')}</EmptyText>}
      {rows.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('calls.store')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.total')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.answeredCount')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.missedDuringHours')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.afterHoursCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.store?.code ?? '-'}>
                <Table.Td>
                  <StoreBadge store={row.store} size="sm" />
                </Table.Td>
                <Table.Td ta="right">{row.total}</Table.Td>
                <Table.Td ta="right">{row.answered}</Table.Td>
                <Table.Td ta="right" data-testid="missed-during-hours">
                  {row.missed}
                </Table.Td>
                <Table.Td ta="right" data-testid="missed-after-hours">
                  {row.afterHours}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('dashboard.total')}</Table.Th>
              <Table.Th ta="right">{total}</Table.Th>
              <Table.Th />
              <Table.Th />
              <Table.Th />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      )}
    </Card>
  );
}
