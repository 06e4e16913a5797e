import { Anchor, Button, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { CallStateBadge } from '../../../components/CallStateBadge';
import { DataTable } from '../../../components/DataTable';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CallView } from '../../../lib/api/types';
import { formatDateTime, formatDuration, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { BlockNumberControl } from '../../blocking/components/BlockNumberControl';
import { openCallWindow } from '../../cti/lib/alerts';
import { CallMediaLinks } from '../../recordings/components/CallMediaLinks';
import { TestCallBadge } from './TestCallBadge';

interface CallTableProps {
  calls: CallView[];
  /** Once `loaded` with no calls, this text stands instead of the table. */
  emptyText?: string;
  loaded?: boolean;
}

/** Calls as rows; the caller's name beside the number, linking to the customer when known. */
export function CallTable({ calls, emptyText, loaded }: CallTableProps) {
  const t = useT();
  const caller = (call: CallView) => {
    const phone = formatPhone(call.customerPhoneE164 ?? call.customerPhone) || t('call.noNumber');
    return call.customerId ? (
      <Anchor component={Link} to={`/customers/${encodeURIComponent(call.customerId)}`} size="sm">
        {phone}
      </Anchor>
    ) : (
      <Group gap={6} wrap="nowrap">
        <Text size="sm">{phone}</Text>
        {/* An unknown number can be blocked from its row (admins only: the control shows nothing to staff). */}
        {call.customerPhoneE164 && <BlockNumberControl phone={call.customerPhoneE164} mode="status" />}
      </Group>
    );
  };
  return (
    <DataTable
      verticalSpacing="xs"
      data-testid="call-table"
      minWidth={860}
      rows={calls}
      rowKey={(call) => call.callId}
      emptyText={emptyText}
      loaded={loaded}
      columns={[
        { header: t('calls.time'), cell: (call) => formatDateTime(call.startedAt), nowrap: true },
        {
          header: t('calls.state'),
          cell: (call) => (
            <Group gap={4} wrap="nowrap">
              <CallStateBadge state={call.state} size="sm" />
              {call.isTest && <TestCallBadge />}
              <CallMediaLinks voicemailUrl={call.voicemailUrl} recordings={call.recordings} size="short" />
            </Group>
          ),
        },
        { header: t('calls.store'), cell: (call) => <StoreBadge store={call.store} size="sm" /> },
        {
          header: t('calls.customer'),
          cell: (call) =>
            call.customerId && call.customerName ? (
              <Anchor component={Link} to={`/customers/${encodeURIComponent(call.customerId)}`} size="sm" data-testid="call-customer-name">
                {call.customerName}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('call.unknownCaller')}
              </Text>
            ),
          nowrap: true,
        },
        { header: t('calls.caller'), cell: caller, nowrap: true },
        { header: t('calls.dialled'), cell: (call) => formatPhone(call.incomingNumberE164 ?? call.incomingNumber), nowrap: true },
        { header: t('calls.agent'), cell: (call) => (call.answeredBy ?? call.agent)?.name ?? '' },
        { header: t('purposes.column'), cell: (call) => call.purpose?.label ?? '', nowrap: true },
        { header: t('calls.duration'), cell: (call) => formatDuration(call.durationMs), align: 'right' },
        {
          cell: (call) => (
            <Button size="compact-xs" variant="subtle" onClick={() => openCallWindow(call.callId)} aria-label={`${t('calls.open')} ${formatDateTime(call.startedAt)}`}>
              {t('calls.open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
