import { Card, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CALLBACK_QUEUES, type CallbackQueue } from '../../../../../common/callbacks';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { isNotFound } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { type MessageKey, useT } from '../../../lib/i18n/i18n';
import { fetchCallbacks, updateCallback } from '../api/callbacks';
import { CallbackTaskRow } from './CallbackTaskRow';

const QUEUE_LABELS: Record<CallbackQueue, MessageKey> = { regular: 'callback.queue.regular', after_hours: 'dashboard.afterHours' };

/** Calls nobody answered: who to call back, most urgent first (kept fresh by `callback_updated`). */
export function CallbackQueueCard() {
  const t = useT();
  const queryClient = useQueryClient();
  const callbacks = useQuery({ queryKey: keys.callbacks, queryFn: ({ signal }) => fetchCallbacks(signal) });
  const change = useMutation({
    mutationFn: updateCallback,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.callbacks }),
  });
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
                busy={change.isPending && change.variables.id === item.id}
                onChange={(c) => change.mutate({ id: item.id, ...c })}
                onDone={() => change.mutate({ id: item.id, status: 'done' })}
              />
            ))}
          </Stack>
        ))}
      </Stack>
      {change.isError && <ErrorNotice error={change.error} />}
    </Card>
  );
}
