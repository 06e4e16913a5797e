import { Badge } from '@mantine/core';
import type { CallState } from '../../../common/calls';
import { CALL_STATE_COLORS } from '../lib/theme';
import type { MessageKey } from '../lib/i18n/i18n';
import { useT } from '../lib/i18n/i18n';

export const CALL_STATE_LABELS: Record<CallState, MessageKey> = {
  ringing: 'call.ringing',
  answered: 'call.answered',
  ended: 'call.ended',
  missed: 'call.missed',
  voicemail: 'call.voicemail',
  blocked: 'call.blocked',
};

/** 着信中 / 通話中 / 終了 / 不在 / 留守電 / ブロック済み */
export function CallStateBadge({ state, size = 'md' }: { state: CallState; size?: 'sm' | 'md' | 'lg' }) {
  const t = useT();
  return (
    <Badge color={CALL_STATE_COLORS[state]} variant={state === 'ringing' ? 'filled' : 'light'} size={size} maw="none" style={{ flexShrink: 0 }} data-testid="call-state">
      {t(CALL_STATE_LABELS[state])}
    </Badge>
  );
}
