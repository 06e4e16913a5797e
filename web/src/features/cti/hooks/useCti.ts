import { createContext, useContext } from 'react';
import type { CustomerSummary } from '../../../../../common/calls';
import type { CallCard } from '../lib/cards';

export type ConnectionState = 'connected' | 'reconnecting' | 'disconnected';

export interface CtiContextValue {
  /** Newest first. */
  cards: CallCard[];
  connection: ConnectionState;
  dismiss: (callId: string) => void;
  linked: (callId: string, customer: CustomerSummary) => void;
  /** The call shown full size in this tab (the call window): no floating stack there. */
  focusedCallId: string | null;
  setFocusedCallId: (callId: string | null) => void;
}

export const CtiContext = createContext<CtiContextValue | null>(null);

/** The live calls of this tab; only inside CTIListener. */
export function useCti(): CtiContextValue {
  const value = useContext(CtiContext);
  if (!value) throw new Error('useCti() outside <CTIListener>');
  return value;
}

/** The live card of one call, when this tab has it. */
export function useLiveCard(callId: string | null | undefined): CallCard | undefined {
  const value = useContext(CtiContext);
  return callId ? value?.cards.find((card) => card.callId === callId) : undefined;
}
