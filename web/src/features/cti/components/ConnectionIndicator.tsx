import { Badge } from '@mantine/core';
import type { MessageKey } from '../../../lib/i18n/i18n';
import { useT } from '../../../lib/i18n/i18n';
import { type ConnectionState, useCti } from '../hooks/useCti';

const LABELS: Record<ConnectionState, MessageKey> = {
  connected: 'conn.connected',
  reconnecting: 'conn.reconnecting',
  disconnected: 'conn.disconnected',
};

const COLORS: Record<ConnectionState, string> = { connected: 'teal', reconnecting: 'yellow', disconnected: 'red' };

/** 接続中 / 再接続中 / 切断: whether calls can reach this screen now. */
export function ConnectionIndicator() {
  const t = useT();
  const { connection } = useCti();
  const label = t(LABELS[connection]);
  return (
    <Badge
      color={COLORS[connection]}
      variant={connection === 'connected' ? 'light' : 'filled'}
      leftSection="●"
      role="status"
      aria-live="polite"
      aria-label={t('conn.label', { state: label })}
      data-testid="connection"
      data-connection={connection}
    >
      {label}
    </Badge>
  );
}
