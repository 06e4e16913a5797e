import { Badge, Group, Stack, Text } from '@mantine/core';
import type { AttemptOutcome, CallbackAttempt } from '../../../../../common/callbacks';
import { formatDateTime } from '../../../lib/format';
import { type MessageKey, useT } from '../../../lib/i18n/i18n';

const OUTCOME_LABELS: Record<AttemptOutcome, MessageKey> = {
  placing: 'callback.outcome.placing',
  failed: 'callback.outcome.failed',
  answered: 'callback.outcome.answered',
  unanswered: 'callback.outcome.unanswered',
};
const OUTCOME_COLORS: Record<AttemptOutcome, string> = { placing: 'blue', failed: 'red', answered: 'teal', unanswered: 'orange' };

const minutesSeconds = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** Every call placed for a task: when, by whom, and what came of it. */
export function CallbackAttempts({ attempts }: { attempts: CallbackAttempt[] }) {
  const t = useT();
  if (attempts.length === 0) return null;
  return (
    <Stack gap={2} data-testid="callback-attempts" aria-label={t('callback.history')}>
      {attempts.map((a) => (
        <Group key={a.id} gap="xs" wrap="wrap">
          <Text size="xs" ff="monospace" c="dimmed">
            {formatDateTime(a.startedAt)}
          </Text>
          <Text size="xs">{a.user?.name ?? ''}</Text>
          <Badge size="xs" variant="light" color={OUTCOME_COLORS[a.outcome]}>
            {t(OUTCOME_LABELS[a.outcome])}
          </Badge>
          {a.durationMs !== null && (
            <Text size="xs" ff="monospace">
              {minutesSeconds(a.durationMs)}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}
