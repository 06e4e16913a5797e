import { Box, Group, ScrollArea, Stack, Text, VisuallyHidden } from '@mantine/core';
import { memo, type CSSProperties, useCallback, useEffect, useRef, useState } from 'react';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useCti } from '../hooks/useCti';
import { type CallCard as LiveCard, isFinished } from '../lib/cards';
import { DOCK_BAR_HEIGHT, DOCK_WIDTH, HEADER_HEIGHT, useDockMode } from '../lib/dock';
import { memoDrafts } from '../lib/drafts';
import { CallCard } from './CallCard';
import { CallPill } from './CallPill';

/**
 * One card of the dock. Memoized with stable callbacks, so a new call renders its own card and
 * folds the previous newest, without rendering again every card already on the screen (missed
 * calls stay 30 s each, and a busy moment stacks many).
 */
const DockedCard = memo(function DockedCard({
  card,
  expanded,
  onToggle,
  onPill,
  onDismiss,
}: {
  card: LiveCard;
  expanded: boolean;
  onToggle: (callId: string, expanded: boolean) => void;
  onPill: (callId: string) => void;
  onDismiss: (callId: string) => void;
}) {
  const toggle = useCallback(() => onToggle(card.callId, expanded), [onToggle, card.callId, expanded]);
  const pill = useCallback(() => onPill(card.callId), [onPill, card.callId]);
  const close = useCallback(() => onDismiss(card.callId), [onDismiss, card.callId]);
  return <CallCard callId={card.callId} live={card} variant="floating" expanded={expanded} onToggle={toggle} onMinimize={pill} onClose={close} />;
});

const sidePanel: CSSProperties = {
  position: 'fixed',
  top: HEADER_HEIGHT,
  right: 0,
  bottom: 0,
  width: DOCK_WIDTH,
  zIndex: 150,
  borderLeft: '1px solid var(--mantine-color-default-border)',
  background: 'var(--mantine-color-body)',
  display: 'flex',
  flexDirection: 'column',
};

const bottomBar: CSSProperties = {
  position: 'fixed',
  left: 0,
  right: 0,
  bottom: 0,
  height: DOCK_BAR_HEIGHT,
  zIndex: 150,
  borderTop: '1px solid var(--mantine-color-default-border)',
  background: 'var(--mantine-color-body)',
};

/**
 * The calls of this tab, docked where the page has made room for them (AppLayout reserves the
 * same space, lib/dock.ts), so a card never covers what a person is working on. Wide screens: a
 * side panel, newest card open, older ones folded to their header, any card folded to a pill at
 * the top. Narrow screens (a tablet): a bar of pills along the bottom; a pill opens its card above
 * the bar until folded again. Not shown in the call window, which is the card itself.
 */
export function CallCardStack() {
  const t = useT();
  const { cards, dismiss } = useCti();
  const mode = useDockMode();
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const [pilled, setPilled] = useState<Record<string, boolean>>({});
  const [openInBar, setOpenInBar] = useState<string | null>(null);
  const latestDismiss = useRef(dismiss);
  useEffect(() => {
    latestDismiss.current = dismiss;
  });
  const onDismiss = useCallback((callId: string) => {
    setOpenInBar((current) => (current === callId ? null : current));
    latestDismiss.current(callId);
  }, []);
  const onToggle = useCallback((callId: string, expanded: boolean) => setToggled((prev) => ({ ...prev, [callId]: !expanded })), []);
  const onPill = useCallback((callId: string) => {
    setPilled((prev) => ({ ...prev, [callId]: true }));
    setOpenInBar((current) => (current === callId ? null : current));
  }, []);
  const onUnpill = useCallback(
    (callId: string) => {
      setPilled((prev) => ({ ...prev, [callId]: false }));
      setToggled((prev) => ({ ...prev, [callId]: true }));
      if (mode === 'bar') setOpenInBar((current) => (current === callId ? null : callId));
    },
    [mode],
  );
  const shown = mode === 'none' ? [] : cards;

  // Esc anywhere closes the newest finished card (not one with an unsaved memo, not under a dialog).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const target = shown.find((card) => isFinished(card.state) && !memoDrafts.has(card.callId));
      if (target) onDismiss(target.callId);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shown, onDismiss]);

  const newest = shown[0];
  const announcement = newest
    ? `${t('call.incomingNotification', { name: newest.seed.customer?.name ?? formatPhone(newest.seed.customerPhoneE164 ?? newest.seed.customerPhone) })} ${newest.seed.store?.name ?? ''}`
    : '';
  const live = (
    <VisuallyHidden aria-live="polite" role="status">
      {announcement}
    </VisuallyHidden>
  );
  if (mode === 'none') return live;

  const renderCard = (card: LiveCard, index: number) => (
    <DockedCard key={card.callId} card={card} expanded={toggled[card.callId] ?? index === 0} onToggle={onToggle} onPill={onPill} onDismiss={onDismiss} />
  );

  if (mode === 'bar') {
    const opened = shown.find((card) => card.callId === openInBar);
    return (
      <>
        {live}
        {opened && (
          <Box
            data-testid="call-dock-open"
            style={{ position: 'fixed', right: 12, bottom: DOCK_BAR_HEIGHT + 8, width: 'min(420px, calc(100vw - 24px))', maxHeight: `calc(100dvh - ${HEADER_HEIGHT + DOCK_BAR_HEIGHT + 16}px)`, overflowY: 'auto', zIndex: 160 }}
          >
            {renderCard(opened, 0)}
          </Box>
        )}
        <Box component="aside" aria-label={t('call.region')} data-testid="call-stack" data-dock="bar" style={bottomBar}>
          <ScrollArea h={DOCK_BAR_HEIGHT} type="auto" scrollbarSize={6}>
            <Group gap="xs" wrap="nowrap" h={DOCK_BAR_HEIGHT} px="sm">
              <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                {t('call.dock', { count: shown.length })}
              </Text>
              {shown.map((card) => (
                <CallPill key={card.callId} card={card} onOpen={onUnpill} active={card.callId === openInBar} />
              ))}
            </Group>
          </ScrollArea>
        </Box>
      </>
    );
  }

  const pills = shown.filter((card) => pilled[card.callId]);
  const docked = shown.filter((card) => !pilled[card.callId]);
  return (
    <Box component="aside" aria-label={t('call.region')} data-testid="call-stack" data-dock="side" style={sidePanel}>
      {live}
      {pills.length > 0 && (
        <Group gap={6} p="xs" data-testid="call-pills" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          {pills.map((card) => (
            <CallPill key={card.callId} card={card} onOpen={onUnpill} />
          ))}
        </Group>
      )}
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap="sm" p="sm">
          {docked.map(renderCard)}
        </Stack>
      </ScrollArea>
    </Box>
  );
}
