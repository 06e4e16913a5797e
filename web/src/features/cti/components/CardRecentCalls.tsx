import { Group, Stack, Text } from '@mantine/core';
import { CallStateBadge } from '../../../components/CallStateBadge';
import { EmptyText } from '../../../components/EmptyText';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CallView } from '../../../lib/api/types';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CardSection } from './CardSection';

/** The customer's previous calls. */
export function CardRecentCalls({ calls, limit }: { calls: CallView[]; limit: number }) {
  const t = useT();
  return (
    <CardSection title={t('call.recentCalls')} testId="recent-calls">
      {calls.length === 0 ? (
        <EmptyText>{t('call.noRecentCalls')}</EmptyText>
      ) : (
        <Stack gap={2}>
          {calls.slice(0, limit).map((call) => (
            <Group key={call.callId} gap={6} wrap="nowrap">
              <Text size="sm" ff="monospace" style={{ flexShrink: 0 }}>
                {formatDateTime(call.startedAt)}
              </Text>
              <CallStateBadge state={call.state} size="sm" />
              <StoreBadge store={call.store} size="sm" />
              <Text size="sm" c="dimmed" truncate="end">
                {[call.answeredBy?.name, formatDuration(call.durationMs)].filter(Boolean).join(' · ')}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </CardSection>
  );
}
