import { Card, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { fetchAfterHoursCallbacks } from '../api/after-hours';
import { updateCallback } from '../api/callbacks';
import { CallbackTaskRow } from './CallbackTaskRow';

/** 時間外の不在着信: calls missed while the store was closed, oldest first, worked like any task the next morning. */
export function AfterHoursCard() {
  const t = useT();
  const queryClient = useQueryClient();
  // Under keys.callbacks, so whatever refreshes the queue (a socket's callback_updated) refreshes this too.
  const tasks = useQuery({ queryKey: [...keys.callbacks, 'after_hours'], queryFn: ({ signal }) => fetchAfterHoursCallbacks(signal) });
  const change = useMutation({
    mutationFn: updateCallback,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.callbacks }),
  });
  const items = tasks.data?.items ?? [];
  return (
    <Card withBorder padding="md" data-testid="after-hours">
      <Title order={2} size="h4">
        {t('dashboard.afterHours')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('dashboard.afterHoursHelp')}
      </Text>
      {tasks.isError && <ErrorNotice error={tasks.error} />}
      {tasks.isSuccess && items.length === 0 && <EmptyText>{t('dashboard.noAfterHours')}</EmptyText>}
      <Stack gap={4}>
        {items.map((item) => (
          <CallbackTaskRow
            key={item.id}
            item={item}
            busy={change.isPending && change.variables.id === item.id}
            onChange={(c) => change.mutate({ id: item.id, ...c })}
            onDone={() => change.mutate({ id: item.id, status: 'done' })}
          />
        ))}
      </Stack>
      {change.isError && <ErrorNotice error={change.error} />}
    </Card>
  );
}
