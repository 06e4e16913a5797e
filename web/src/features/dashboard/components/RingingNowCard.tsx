import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CallStateBadge } from '../../../components/CallStateBadge';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StoreBadge } from '../../../components/StoreBadge';
import { keys } from '../../../lib/api/keys';
import { formatPhone, formatTime } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { fetchActiveCalls } from '../../cti/api/calls';
import { TestCallBadge } from '../../calls/components/TestCallBadge';
import { EndTestCallButton } from '../../cti/components/EndTestCallButton';
import { openCallWindow } from '../../cti/lib/alerts';

/** Calls ringing or on the line now (kept fresh by the socket's events). */
export function RingingNowCard() {
  const t = useT();
  const active = useQuery({ queryKey: keys.activeCalls, queryFn: fetchActiveCalls, refetchInterval: 60_000 });
  return (
    <Card withBorder padding="md" data-testid="ringing-now">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.ringing')}
      </Title>
      {active.isError && <ErrorNotice error={active.error} />}
      {active.data?.items.length === 0 && <EmptyText>{t('dashboard.noRinging')}</EmptyText>}
      <Stack gap="xs">
        {active.data?.items.map((call) => (
          <Group key={call.callId} justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="wrap">
              <Text size="sm" ff="monospace">
                {formatTime(call.startedAt)}
              </Text>
              <CallStateBadge state={call.state} size="sm" />
              <StoreBadge store={call.store} size="sm" />
              {call.isTest && <TestCallBadge />}
              <Text size="sm" fw={600}>
                {formatPhone(call.customerPhoneE164 ?? call.customerPhone) || t('call.noNumber')}
              </Text>
              {(call.answeredBy ?? call.agent) && (
                <Text size="sm" c="dimmed">
                  {(call.answeredBy ?? call.agent)?.name}
                </Text>
              )}
            </Group>
            <Group gap={4} wrap="nowrap">
              <EndTestCallButton callId={call.callId} isTest={call.isTest} finished={false} />
              <Button size="xs" variant="light" onClick={() => openCallWindow(call.callId)}>
                {t('call.openWindow')}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
