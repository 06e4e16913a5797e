import { Box, Stack, VisuallyHidden } from '@mantine/core';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useCti } from '../hooks/useCti';
import { type CallCard as LiveCard, isFinished } from '../lib/cards';
import { memoDrafts } from '../lib/drafts';
import { CallCard } from './CallCard';

/**
 * One card of the stack. Memoized with stable callbacks, so a new call renders its own card and
 * folds the previous newest, without rendering again every card already on the screen (missed
 * calls stay 30 s each, and a busy moment stacks many).
 */
const StackedCard = memo(function StackedCard({
  card,
  expanded,
  onToggle,
  onDismiss,
}: {
  card: LiveCard;
  expanded: boolean;
  onToggle: (callId: string, expanded: boolean) => void;
  onDismiss: (callId: string) => void;
}) {
  const toggle = useCallback(() => onToggle(card.callId, expanded), [onToggle, card.callId, expanded]);
  const close = useCallback(() => onDismiss(card.callId), [onDismiss, card.callId]);
  return <CallCard callId={card.callId} live={card} variant="floating" expanded={expanded} onToggle={toggle} onClose={close} />;
});

/**
 * The cards of the calls of this tab, stacked at the top right over the page (fixed, so the
 * page never jumps when a call arrives). The newest is open; older ones fold to their header.
 * Not shown in the call window, which is the card itself.
 */
export function CallCardStack() {
  const t = useT();
  const { cards, dismiss, focusedCallId } = useCti();
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const latestDismiss = useRef(dismiss);
  useEffect(() => {
    latestDismiss.current = dismiss;
  });
  const onDismiss = useCallback((callId: string) => latestDismiss.current(callId), []);
  const onToggle = useCallback((callId: string, expanded: boolean) => setToggled((prev) => ({ ...prev, [callId]: !expanded })), []);
  // The call window shows its one call full size; other calls come to it through the auto-open setting.
  const shown = focusedCallId === null ? cards : [];

  // Esc anywhere closes the newest finished card (not one with an unsaved memo, not under a dialog).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const target = shown.find((card) => isFinished(card.state) && !memoDrafts.has(card.callId));
      if (target) dismiss(target.callId);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shown, dismiss]);

  const newest = shown[0];
  const announcement = newest
    ? `${t('call.incomingNotification', { name: newest.seed.customer?.name ?? formatPhone(newest.seed.customerPhoneE164 ?? newest.seed.customerPhone) })} ${newest.seed.store?.name ?? ''}`
    : '';

  return (
    <Box
      component="aside"
      aria-label={t('call.region')}
      data-testid="call-stack"
      style={{
        position: 'fixed',
        top: 72,
        right: 12,
        width: 'min(420px, calc(100vw - 24px))',
        maxHeight: 'calc(100dvh - 84px)',
        overflowY: 'auto',
        zIndex: 300,
        // The gaps between cards let clicks through to the page.
        pointerEvents: 'none',
      }}
    >
      <VisuallyHidden aria-live="polite" role="status">
        {announcement}
      </VisuallyHidden>
      <Stack gap="sm" p={2}>
        {shown.map((card, index) => (
          <StackedCard key={card.callId} card={card} expanded={toggled[card.callId] ?? index === 0} onToggle={onToggle} onDismiss={onDismiss} />
        ))}
      </Stack>
    </Box>
  );
}
