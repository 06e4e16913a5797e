import { Anchor, Button, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { CallStateBadge } from '../../../components/CallStateBadge';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CallView } from '../../../lib/api/types';
import { formatDateTime, formatDuration, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { openCallWindow } from '../../cti/lib/alerts';

/** Calls as rows; the caller links to the customer when known. */
export function CallTable({ calls, showStore = true }: { calls: CallView[]; showStore?: boolean }) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="call-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('calls.time')}</Table.Th>
            <Table.Th>{t('calls.state')}</Table.Th>
            {showStore && <Table.Th>{t('calls.store')}</Table.Th>}
            <Table.Th>{t('calls.caller')}</Table.Th>
            <Table.Th>{t('calls.dialled')}</Table.Th>
            <Table.Th>{t('calls.agent')}</Table.Th>
            <Table.Th ta="right">{t('calls.duration')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((call) => {
            const phone = formatPhone(call.customerPhoneE164 ?? call.customerPhone) || t('call.noNumber');
            return (
              <Table.Tr key={call.callId}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(call.startedAt)}</Table.Td>
                <Table.Td>
                  <CallStateBadge state={call.state} size="sm" />
                </Table.Td>
                {showStore && (
                  <Table.Td>
                    <StoreBadge store={call.store} size="sm" />
                  </Table.Td>
                )}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {call.customerId ? (
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(call.customerId)}`} size="sm">
                      {phone}
                    </Anchor>
                  ) : (
                    <Text size="sm">{phone}</Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatPhone(call.incomingNumberE164 ?? call.incomingNumber)}</Table.Td>
                <Table.Td>{(call.answeredBy ?? call.agent)?.name ?? ''}</Table.Td>
                <Table.Td ta="right">{formatDuration(call.durationMs)}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => openCallWindow(call.callId)} aria-label={`${t('calls.open')} ${formatDateTime(call.startedAt)}`}>
                    {t('calls.open')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
