import { useMediaQuery } from '@mantine/hooks';
import { useContext } from 'react';
import { CtiContext } from '../hooks/useCti';

/**
 * The call dock's geometry, in one place: the dock draws itself there (CallCardStack) and the
 * page's frame (AppLayout) makes exactly that room, so a card never covers the page.
 */
export const DOCK_WIDTH = 360;
/** Below this width (Mantine's lg) the dock is a bar of pills along the bottom. */
export const DOCK_SIDE_MIN_WIDTH = 1200;
export const DOCK_BAR_HEIGHT = 56;
export const HEADER_HEIGHT = 60;

export type DockMode = 'side' | 'bar' | 'none';

/** Where this tab's calls are docked now; 'none' with no call to show (or in the call window, which is the card). */
export function useDockMode(): DockMode {
  const value = useContext(CtiContext);
  // max-width (not min-width), so a screen that cannot say (jsdom) gets the side panel.
  const narrow = useMediaQuery(`(max-width: ${DOCK_SIDE_MIN_WIDTH - 0.02}px)`, false, { getInitialValueInEffect: false });
  if (!value || value.focusedCallId !== null || value.cards.length === 0) return 'none';
  return narrow ? 'bar' : 'side';
}
