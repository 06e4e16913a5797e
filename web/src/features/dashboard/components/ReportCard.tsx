import { Button, Card, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { todayInJapan, type CsvEncoding } from '../../../../../common/customers';
import { REPORT_MAX_DAYS } from '../../../../../common/reports';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StoreBadge } from '../../../components/StoreBadge';
import { useT } from '../../../lib/i18n/i18n';
import { downloadCallReportCsv } from '../api/reportCsv';
import { useCallReport } from '../hooks/useCallReport';

const DAY_MS = 24 * 60 * 60 * 1000;
const span = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

/** 期間の集計: per day and store, calls and why they called (本日 by default), and the same as CSV. */
export function ReportCard() {
  const t = useT();
  const today = todayInJapan();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const days = from && to ? span(from, to) : 0;
  const valid = days >= 1 && days <= REPORT_MAX_DAYS;
  const report = useCallReport(from, to, valid);
  const rows = report.data?.days ?? [];
  const purposes = report.data?.purposes ?? [];

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadCallReportCsv(from, to, encoding);
    } catch (err) {
      setDownloadError(err);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="call-report">
      <Title order={2} size="h4" mb="sm">
        {from === today && to === today ? t('report.today') : t('report.period')}
      </Title>
      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <TextInput type="date" label={t('calls.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
        <TextInput type="date" label={t('calls.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={170} />
        <Select
          label={t('report.encoding')}
          data={[
            { value: 'utf-8', label: 'UTF-8' },
            { value: 'shift_jis', label: 'Shift_JIS' },
          ]}
          value={encoding}
          onChange={(value) => setEncoding(value === 'shift_jis' ? 'shift_jis' : 'utf-8')}
          allowDeselect={false}
          w={130}
        />
        <Button variant="light" onClick={() => void download()} loading={downloading} disabled={!valid}>
          {t('report.downloadCsv')}
        </Button>
      </Group>
      {!valid && (
        <Text size="sm" c="red" role="alert">
          {t('report.badRange', { max: REPORT_MAX_DAYS })}
        </Text>
      )}
      {report.isError && <ErrorNotice error={report.error} />}
      {downloadError !== null && <ErrorNotice error={downloadError} />}
      {report.isSuccess && rows.length === 0 && <EmptyText>{t('calls.empty')}</EmptyText>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="call-report-table">
            {/* Headers on one line: a narrow page (a docked call) scrolls the table rather than breaking 着信 into 着/信. */}
            <Table.Thead style={{ whiteSpace: 'nowrap' }}>
              <Table.Tr>
                <Table.Th>{t('report.date')}</Table.Th>
                <Table.Th>{t('calls.store')}</Table.Th>
                <Table.Th ta="right">{t('report.calls')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.answeredCount')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.missedDuringHours')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.afterHoursCount')}</Table.Th>
                <Table.Th ta="right">{t('report.callbacksReached')}</Table.Th>
                {purposes.map((label) => (
                  <Table.Th key={label} ta="right">
                    {label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.date}:${row.store?.code ?? '-'}`} data-testid="call-report-row" data-store={row.store?.code ?? ''} data-date={row.date}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.date}</Table.Td>
                  <Table.Td>
                    <StoreBadge store={row.store} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right" data-col="calls">{row.calls}</Table.Td>
                  <Table.Td ta="right" data-col="answered">{row.answered}</Table.Td>
                  <Table.Td ta="right" data-col="missed">{row.missedDuringHours}</Table.Td>
                  <Table.Td ta="right" data-col="after-hours">{row.afterHours}</Table.Td>
                  <Table.Td ta="right" data-col="reached">{row.callbacksReached}</Table.Td>
                  {purposes.map((label) => (
                    <Table.Td key={label} ta="right" data-col={`purpose:${label}`}>
                      {row.purposes[label] ?? 0}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
