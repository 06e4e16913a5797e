import { Alert, Anchor, Box, Collapse, Divider, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { CALL_STATE_LABELS } from '../../../components/CallStateBadge';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { isNotFound } from '../../../lib/api/http';
import { useT } from '../../../lib/i18n/i18n';
import { CallPurposePicker } from '../../purposes/components/CallPurposePicker';
import { CALL_STATE_COLORS } from '../../../lib/theme';
import { useAutoDismiss } from '../hooks/useAutoDismiss';
import { useCallDetail } from '../hooks/useCallDetail';
import type { CallCard as LiveCard } from '../lib/cards';
import { memoDrafts, useMemoDraft } from '../lib/drafts';
import { callerTitle } from '../lib/title';
import { cardView } from '../lib/view';
import { CallAgentLine } from './CallAgentLine';
import { CallCardHeader } from './CallCardHeader';
import { CallerIdentity } from './CallerIdentity';
import { CallMemoForm } from './CallMemoForm';
import { CandidatePicker } from './CandidatePicker';
import { CardMemos } from './CardMemos';
import { CardRecentCalls } from './CardRecentCalls';
import { CardVisits } from './CardVisits';
import { CardMedia } from '../../recordings/components/CardMedia';
import { UnknownCallerPanel } from './UnknownCallerPanel';

export interface CallCardProps {
  callId: string;
  live?: LiveCard;
  /** floating: in the stack at the page's edge; full: the call window. */
  variant: 'floating' | 'full';
  expanded?: boolean;
  onToggle?: () => void;
  /** Folds the card to a pill in the dock. */
  onMinimize?: () => void;
  onClose?: () => void;
}

/** Everything about one call: who, which store, notes, visits, previous calls, and a memo box. */
export function CallCard({ callId, live, variant, expanded = true, onToggle, onMinimize, onClose }: CallCardProps) {
  const t = useT();
  const detail = useCallDetail(callId);
  const view = cardView(callId, live, detail.data);
  const [draft] = useMemoDraft(callId);
  const [focusWithin, setFocusWithin] = useState(false);
  const close = useCallback(() => onClose?.(), [onClose]);
  // Folds away by itself once finished, but not under the person's hands.
  useAutoDismiss(variant === 'floating' && view.finished && !draft.trim() && !focusWithin && !!onClose, close);

  const full = variant === 'full';
  const color = view.state ? CALL_STATE_COLORS[view.state] : 'gray';
  const customerId = view.customer?.id ?? null;
  const phone = view.seed?.customerPhoneE164 ?? view.seed?.customerPhone ?? null;
  const name = callerTitle(view.customer, view.candidates, t) ?? t('call.unknownCaller');

  const details = (
    <Stack gap="sm" mt="xs">
      {!view.customer && view.candidates.length > 1 && <CandidatePicker callId={callId} candidates={view.candidates} />}
      {!view.customer && view.candidates.length <= 1 && (detail.isSuccess || !detail.isFetching) && <UnknownCallerPanel callId={callId} phone={phone} store={view.seed?.store ?? null} />}
      {detail.isPending && detail.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
      {detail.isError &&
        (isNotFound(detail.error) ? (
          <Text size="sm" c="dimmed">
            {t('call.notFound')}
          </Text>
        ) : (
          <ErrorNotice error={detail.error} title={t('call.detailError')} />
        ))}
      {detail.data && !view.customer && detail.data.memos.length > 0 && <CardMemos memos={detail.data.memos} latest={full ? 10 : 2} customerId={null} />}
      {detail.data && view.customer && (
        <SimpleGrid cols={full ? { base: 1, md: 2 } : 1} spacing="sm">
          <Stack gap="sm">
            <CardMemos memos={detail.data.memos} latest={full ? 10 : 2} customerId={view.customer.id} />
          </Stack>
          <Stack gap="sm">
            <CardVisits
              summary={detail.data.visitSummary}
              visits={detail.data.visits}
              limit={full ? 5 : 3}
              customerId={view.customer.id}
              storeCode={detail.data.call.store?.code ?? null}
            />
            <CardRecentCalls calls={detail.data.recentCalls} limit={full ? 10 : 3} />
          </Stack>
        </SimpleGrid>
      )}
      {view.customer && (
        <Anchor component={Link} to={`/customers/${encodeURIComponent(view.customer.id)}`} size="sm" target={full ? '_blank' : undefined}>
          {t('call.openCustomer')}
        </Anchor>
      )}
      {detail.data && <CallPurposePicker callId={callId} current={detail.data.call.purpose} />}
      <Divider />
      <CallMemoForm callId={callId} customerId={customerId} minRows={full ? 4 : 2} />
    </Stack>
  );

  return (
    <Paper
      component="section"
      aria-label={`${view.state ? t(CALL_STATE_LABELS[view.state]) : ''} ${name}`}
      withBorder
      shadow={full ? undefined : 'lg'}
      p={full ? 'lg' : 'sm'}
      radius="md"
      style={{ borderLeft: `6px solid var(--mantine-color-${color}-6)`, pointerEvents: 'auto' }}
      onFocus={() => setFocusWithin(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocusWithin(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && view.finished && onClose && !memoDrafts.has(callId)) {
          event.stopPropagation();
          onClose();
        }
      }}
      data-testid="call-card"
      data-call-id={callId}
      data-state={view.state ?? ''}
      data-claim={live?.claim ?? ''}
      data-alerts={live?.alerts.join(',') ?? ''}
    >
      <CallCardHeader
        callId={callId}
        seed={view.seed}
        state={view.state}
        finished={view.finished}
        variant={variant}
        expanded={expanded}
        onToggle={onToggle}
        onMinimize={onMinimize}
        onClose={onClose}
      />
      <Box mt={6}>
        <CallerIdentity seed={view.seed} customer={view.customer} candidates={view.candidates} notes={detail.data?.customer?.notes ?? ''} size={variant} />
        <CallAgentLine state={view.state} agent={view.seed?.agent ?? null} answeredBy={view.answeredBy} durationMs={view.durationMs} />
      </Box>
      {detail.data && <CardMedia call={detail.data.call} />}
      {live?.popupBlocked && (
        <Alert color="yellow" variant="light" mt="xs" p="xs">
          <Text size="sm">{t('call.popupBlocked')}</Text>
        </Alert>
      )}
      {full ? details : <Collapse expanded={expanded}>{details}</Collapse>}
    </Paper>
  );
}
