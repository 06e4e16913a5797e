import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { memo } from 'react';
import { Link } from 'react-router';
import type { UpdateCallbackBody } from '../../../../../common/callbacks';
import { CALL_STATE_LABELS } from '../../../components/CallStateBadge';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CallbackView } from '../../../lib/api/types';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CALL_STATE_COLORS } from '../../../lib/theme';
import { CallButton } from '../../outbound/components/CallButton';
import { VoicemailBadge } from '../../recordings/components/VoicemailBadge';
import { CallbackAttempts } from './CallbackAttempts';
import { CallbackNote } from './CallbackNote';
import { CallbackOwner } from './CallbackOwner';

export type CallbackChange = Omit<UpdateCallbackBody, 'status'>;

interface Props {
  item: CallbackView;
  onChange: (id: string, change: CallbackChange) => void;
  onDone: (id: string) => void;
  busy: boolean;
}

/**
 * One task: who called and when, 発信 and 対応済み, its owner, calls made so far and the outcome note.
 * Memoized: a refreshed list keeps the objects of unchanged tasks, so only changed rows render again.
 */
export const CallbackTaskRow = memo(function CallbackTaskRow({ item, onChange: change, onDone: done, busy }: Props) {
  const t = useT();
  const onChange = (c: CallbackChange) => change(item.id, c);
  const onDone = () => done(item.id);
  const who = item.customer?.name ?? formatPhone(item.phoneE164);
  return (
    <Stack gap={4} data-testid="callback-task" data-callback-id={item.id} py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" ff="monospace">
              {formatDateTime(item.firstCallAt)}
            </Text>
            <Badge size="sm" variant="light" color={CALL_STATE_COLORS[item.reason]}>
              {t(CALL_STATE_LABELS[item.reason])}
            </Badge>
            {item.callCount > 1 && (
              <Badge size="sm" variant="outline" color="gray">
                ×{item.callCount}
              </Badge>
            )}
            {item.attemptCount > 0 && (
              <Badge size="sm" variant="outline" color="blue" data-testid="callback-attempt-count">
                {t('callback.attempts', { count: item.attemptCount })}
              </Badge>
            )}
            <StoreBadge store={item.store} size="sm" />
            <VoicemailBadge hasVoicemail={item.hasVoicemail} url={item.voicemailUrl} />
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
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <CallButton phone={item.phoneE164} callbackId={item.id} customerId={item.customer?.id} />
          <Button size="compact-sm" variant="light" onClick={onDone} loading={busy} aria-label={`${t('dashboard.callbackDone')}: ${who}`}>
            {t('dashboard.callbackDone')}
          </Button>
        </Group>
      </Group>
      <CallbackOwner item={item} onChange={onChange} busy={busy} />
      <CallbackAttempts attempts={item.attempts} />
      <CallbackNote key={item.note} note={item.note} onSave={(note) => onChange({ note })} busy={busy} />
    </Stack>
  );
});
