import { Badge, type MantineSize } from '@mantine/core';
import { useT } from '../../../lib/i18n/i18n';

/** テスト: a call made with the テスト着信 button, never a customer's (and left out of every figure). */
export function TestCallBadge({ size = 'sm' }: { size?: MantineSize }) {
  const t = useT();
  return (
    <Badge color="gray" variant="outline" size={size} data-testid="test-call-badge">
      {t('call.test')}
    </Badge>
  );
}
