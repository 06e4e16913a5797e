import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { fetchAfterHoursCallbacks } from '../api/after-hours';
import { useCallbackChange } from '../hooks/useCallbackChange';
import { CallbackTaskRow } from './CallbackTaskRow';

/** 時間外の不在着信: calls missed while the store was closed, oldest first, worked like any task the next morning. */
export function AfterHoursCard() {
  const t = useT();
  // Under keys.callbacks, so whatever refreshes the queue (a socket's callback_updated) refreshes this too.
  const tasks = useQuery({ queryKey: [...keys.callbacks, 'after_hours'], queryFn: ({ signal }) => fetchAfterHoursCallbacks(signal) });
  const { error, busyId, onChange, onDone } = useCallbackChange();
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
            busy={busyId === item.id}
            onChange={onChange}
            onDone={onDone}
          />
        ))}
      </Stack>
      {error && <ErrorNotice error={error} />}
    </Card>
  );
}
