import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { CALL_STATE_LABELS } from '../../../components/CallStateBadge';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { StoreBadge } from '../../../components/StoreBadge';
import { isNotFound } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CALL_STATE_COLORS } from '../../../lib/theme';
import { closeCallback, fetchCallbacks } from '../api/callbacks';

/** Calls nobody answered: who to call back (kept fresh by `callback_updated`). */
export function CallbackQueueCard() {
  const t = useT();
  const queryClient = useQueryClient();
  const callbacks = useQuery({ queryKey: keys.callbacks, queryFn: ({ signal }) => fetchCallbacks(signal) });
  const done = useMutation({
    mutationFn: closeCallback,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.callbacks }),
  });
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
      <Stack gap="xs">
        {callbacks.data?.items.map((item) => (
          <Group key={item.id} justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm" ff="monospace">
                  {formatDateTime(item.lastCallAt)}
                </Text>
                <Badge size="sm" variant="light" color={CALL_STATE_COLORS[item.reason]}>
                  {t(CALL_STATE_LABELS[item.reason])}
                </Badge>
                {item.callCount > 1 && (
                  <Badge size="sm" variant="outline" color="gray">
                    ×{item.callCount}
                  </Badge>
                )}
                <StoreBadge store={item.store} size="sm" />
              </Group>
              <Group gap="xs" wrap="wrap">
                {item.customer ? (
                  <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customer.id)}`} size="sm" fw={600}>
                    {item.customer.name}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={600}>
                    {t('call.unknownCaller')}
                  </Text>
                )}
                <Text size="sm" ff="monospace">
                  {formatPhone(item.phoneE164 || item.phone)}
                </Text>
              </Group>
              {item.note && (
                <Text size="xs" c="dimmed">
                  {item.note}
                </Text>
              )}
            </Stack>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => done.mutate(item.id)}
              loading={done.isPending && done.variables === item.id}
              aria-label={`${t('dashboard.callbackDone')}: ${item.customer?.name ?? formatPhone(item.phoneE164)}`}
            >
              {t('dashboard.callbackDone')}
            </Button>
          </Group>
        ))}
      </Stack>
      {done.isError && <ErrorNotice error={done.error} />}
    </Card>
  );
}
