import { useCallback, useSyncExternalStore } from 'react';

/** Memo drafts per call, kept while the card folds, expands or re-renders (this tab only). */
const drafts = new Map<string, string>();
const listeners = new Set<() => void>();

export const memoDrafts = {
  get: (callId: string): string => drafts.get(callId) ?? '',
  has: (callId: string): boolean => (drafts.get(callId) ?? '').trim() !== '',
  set: (callId: string, text: string): void => {
    if (text) drafts.set(callId, text);
    else drafts.delete(callId);
    listeners.forEach((listener) => listener());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useMemoDraft(callId: string): [string, (text: string) => void] {
  const text = useSyncExternalStore(memoDrafts.subscribe, () => memoDrafts.get(callId));
  const set = useCallback((next: string) => memoDrafts.set(callId, next), [callId]);
  return [text, set];
}
