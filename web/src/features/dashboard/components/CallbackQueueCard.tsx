import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CALLBACK_QUEUES, type CallbackQueue } from '../../../../../common/callbacks';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { isNotFound } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { type MessageKey, useT } from '../../../lib/i18n/i18n';
import { fetchCallbacks } from '../api/callbacks';
import { useCallbackChange } from '../hooks/useCallbackChange';
import { CallbackTaskRow } from './CallbackTaskRow';

const QUEUE_LABELS: Record<CallbackQueue, MessageKey> = { regular: 'callback.queue.regular', after_hours: 'dashboard.afterHours' };

/** Calls nobody answered: who to call back, most urgent first (kept fresh by `callback_updated`). */
export function CallbackQueueCard() {
  const t = useT();
  const callbacks = useQuery({ queryKey: keys.callbacks, queryFn: ({ signal }) => fetchCallbacks(signal) });
  const { error, busyId, onChange, onDone } = useCallbackChange();
  const items = callbacks.data?.items ?? [];
  // The server orders by urgency within a queue; the queues are shown in their own order.
  const queues = CALLBACK_QUEUES.map((queue) => ({ queue, tasks: items.filter((c) => c.queue === queue) })).filter((q) => q.tasks.length > 0);
  return (
    <Card withBorder padding="md" data-testid="callbacks">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.callbacks')}
      </Title>
      {callbacks.isError &&
        (isNotFound(callbacks.error) ? (
          <NotAvailable endpoint="GET /api/callbacks">{t('dashboard.callbacksUnavailable')}</NotAvailable>
        ) : (
          <ErrorNotice error={callbacks.error} />
        ))}
      {callbacks.data?.items.length === 0 && <EmptyText>{t('dashboard.noCallbacks')}</EmptyText>}
      <Stack gap="sm">
        {queues.map(({ queue, tasks }) => (
          <Stack key={queue} gap={4}>
            {queues.length > 1 && (
              <Text size="xs" fw={700} c="dimmed">
                {t(QUEUE_LABELS[queue])}
              </Text>
            )}
            {tasks.map((item) => (
              <CallbackTaskRow
                key={item.id}
                item={item}
                busy={busyId === item.id}
                onChange={onChange}
                onDone={onDone}
              />
            ))}
          </Stack>
        ))}
      </Stack>
      {error && <ErrorNotice error={error} />}
    </Card>
  );
}
