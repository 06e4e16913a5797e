import { ActionIcon, Badge, Button, CloseButton, Group, Text, Tooltip } from '@mantine/core';
import type { CallState } from '../../../../../common/calls';
import { CallStateBadge } from '../../../components/CallStateBadge';
import { StoreBadge } from '../../../components/StoreBadge';
import { formatTime } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import type { CallSeed } from '../lib/cards';
import { openCallWindow } from '../lib/alerts';
import { EndTestCallButton } from './EndTestCallButton';

interface Props {
  callId: string;
  seed: CallSeed | null;
  state: CallState | null;
  finished: boolean;
  variant: 'floating' | 'full';
  expanded?: boolean;
  onToggle?: () => void;
  /** Folds the card to a pill in the dock. */
  onMinimize?: () => void;
  onClose?: () => void;
}

/** State, store, time and the card's buttons. */
export function CallCardHeader({ callId, seed, state, finished, variant, expanded, onToggle, onMinimize, onClose }: Props) {
  const t = useT();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Group gap={6} wrap="wrap">
        {state && <CallStateBadge state={state} size={variant === 'full' ? 'lg' : 'md'} />}
        <StoreBadge store={seed?.store ?? null} size={variant === 'full' ? 'lg' : 'md'} />
        {seed?.isTest && (
          <Badge color="gray" variant="outline">
            {t('call.test')}
          </Badge>
        )}
        {seed && (
          <Text size="xs" c="dimmed">
            {t('call.startedAt', { time: formatTime(seed.startedAt) })}
          </Text>
        )}
      </Group>
      <Group gap={4} wrap="nowrap">
        <EndTestCallButton callId={callId} isTest={seed?.isTest ?? false} finished={finished} />
        {variant === 'floating' && onToggle && (
          <Tooltip label={expanded ? t('call.collapse') : t('call.expand')}>
            <ActionIcon variant="subtle" color="gray" onClick={onToggle} aria-expanded={expanded} aria-label={expanded ? t('call.collapse') : t('call.expand')}>
              {expanded ? '▴' : '▾'}
            </ActionIcon>
          </Tooltip>
        )}
        {variant === 'floating' && onMinimize && (
          <Tooltip label={t('call.toPill')}>
            <ActionIcon variant="subtle" color="gray" onClick={onMinimize} aria-label={t('call.toPill')} data-testid="minimize-card">
              –
            </ActionIcon>
          </Tooltip>
        )}
        {variant === 'floating' && (
          <Button size="compact-xs" variant="light" onClick={() => openCallWindow(callId)} data-testid="open-window">
            {t('call.openWindow')}
          </Button>
        )}
        {/* Any card closes (this tab only; the call goes on): a ringing one too, so it never stands in the way. */}
        {onClose && (
          <Tooltip label={finished ? t('call.closeHint') : t('call.close')}>
            <CloseButton onClick={onClose} aria-label={t('call.close')} data-testid="close-card" />
          </Tooltip>
        )}
      </Group>
    </Group>
  );
}
