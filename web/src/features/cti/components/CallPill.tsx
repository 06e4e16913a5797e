import { Badge, Button } from '@mantine/core';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CALL_STATE_COLORS } from '../../../lib/theme';
import type { CallCard } from '../lib/cards';
import { callerTitle } from '../lib/title';

/** A card folded to its smallest: who is calling, in the state's colour; a click opens it again. */
export function CallPill({ card, onOpen, active = false }: { card: CallCard; onOpen: (callId: string) => void; active?: boolean }) {
  const t = useT();
  const name = callerTitle(card.seed.customer, card.seed.candidates, t) ?? (formatPhone(card.seed.customerPhoneE164 ?? card.seed.customerPhone) || t('call.noNumber'));
  return (
    <Button
      size="compact-sm"
      radius="xl"
      variant={active ? 'filled' : 'light'}
      color={CALL_STATE_COLORS[card.state]}
      onClick={() => onOpen(card.callId)}
      aria-label={t('call.fromPill', { name })}
      aria-pressed={active}
      data-testid="call-pill"
      data-call-id={card.callId}
      data-state={card.state}
      style={{ flexShrink: 0, maxWidth: 240 }}
      leftSection={card.seed.isTest ? <Badge size="xs" variant="outline" color="gray">{t('call.test')}</Badge> : undefined}
    >
      {name}
    </Button>
  );
}
