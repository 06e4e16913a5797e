import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { keys } from '../../../lib/api/keys';
import type { CustomerSummary } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { fetchActiveCalls } from '../api/calls';
import { CtiContext, type CtiContextValue } from '../hooks/useCti';
import { useCtiSocket } from '../hooks/useCtiSocket';
import { fireAlerts } from '../lib/alerts';
import { browserClaims } from '../lib/browserClaims';
import { createListRefresher } from '../lib/listRefresher';
import { type CallSeed, cardsReducer, initialCardsState, orderedCards, seedOf } from '../lib/cards';
import { watchForInteraction } from '../lib/sound';
import { CallCardStack } from './CallCardStack';

/**
 * Listens for calls on every signed-in page: one socket per tab, a card in the page at once
 * for every call, and (once per browser, see lib/callClaims.ts) the sound, notification and window.
 */
export function CTIListener({ children }: { children: ReactNode }) {
  const session = useSession();
  const t = useT();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(cardsReducer, initialCardsState);
  const [focusedCallId, setFocusedCallId] = useState<string | null>(null);

  useEffect(() => watchForInteraction(), []);
  // The lists a call changes, refreshed at most once a second (the card's own details at once).
  const lists = useMemo(() => createListRefresher((queryKey) => void queryClient.invalidateQueries({ queryKey }), 1000), [queryClient]);
  useEffect(() => () => lists.stop(), [lists]);
  // Listen to the other tabs' claims from the start, not from this tab's first call: a tab that
  // joined the channel late could miss an earlier claim.
  useEffect(() => void browserClaims(), []);

  // Calls this tab has already dealt with (a call can be announced twice: a second leg, a reconnect).
  const handled = useRef(new Set<string>());

  const alertOnce = useCallback(
    (callId: string, seed: CallSeed) => {
      if (handled.current.has(callId)) return;
      handled.current.add(callId);
      dispatch({ type: 'claim', callId, claim: 'pending' });
      void browserClaims()
        .claim(callId)
        .then((outcome) => {
          if (outcome === 'lost') {
            dispatch({ type: 'claim', callId, claim: 'lost' });
            return;
          }
          const { alerts, popupBlocked } = fireAlerts(callId, seed, t);
          dispatch({ type: 'claim', callId, claim: 'won', alerts, popupBlocked });
        });
    },
    [t],
  );

  const connection = useCtiSocket(session?.token ?? '', {
    onIncoming(payload) {
      dispatch({ type: 'incoming', payload });
      lists.refresh(keys.calls());
      alertOnce(payload.callId, payload);
    },
    onUpdated(payload) {
      dispatch({ type: 'updated', payload });
      void queryClient.invalidateQueries({ queryKey: keys.call(payload.callId) });
      lists.refresh(keys.calls());
    },
    onCallbackUpdated() {
      lists.refresh(keys.callbacks);
    },
    onFreshConnect() {
      void queryClient.invalidateQueries({ queryKey: keys.callbacks });
      void queryClient.invalidateQueries({ queryKey: keys.calls() });
      fetchActiveCalls().then(
        (list) => {
          dispatch({ type: 'active', calls: list.items });
          for (const call of list.items) {
            if (call.state !== 'ringing') continue;
            alertOnce(call.callId, seedOf(call));
          }
        },
        // Not fatal: the next call still arrives on the socket.
        () => undefined,
      );
    },
  });

  const value = useMemo<CtiContextValue>(
    () => ({
      cards: orderedCards(state),
      connection,
      dismiss: (callId) => dispatch({ type: 'dismiss', callId }),
      linked: (callId: string, customer: CustomerSummary) => dispatch({ type: 'linked', callId, customer }),
      focusedCallId,
      setFocusedCallId,
    }),
    [state, connection, focusedCallId],
  );

  return (
    <CtiContext.Provider value={value}>
      {children}
      <CallCardStack />
    </CtiContext.Provider>
  );
}
