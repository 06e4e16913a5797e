import { useSyncExternalStore } from 'react';

/** This browser's choices about call alerts (kept in localStorage, shared by its tabs). */
export interface CtiSettings {
  /** Open the card in a separate window on every call (needs the site's popup permission). */
  autoOpenWindow: boolean;
  /** Ring a short sound (only after the person has interacted with the page). */
  sound: boolean;
}

const KEY = 'cti.settings';
const DEFAULTS: CtiSettings = { autoOpenWindow: false, sound: false };

function read(): CtiSettings {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return DEFAULTS;
    const parsed = JSON.parse(raw) as Partial<CtiSettings>;
    return { autoOpenWindow: parsed.autoOpenWindow === true, sound: parsed.sound === true };
  } catch {
    return DEFAULTS;
  }
}

let current = read();
const listeners = new Set<() => void>();

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY) return;
    current = read();
    listeners.forEach((listener) => listener());
  });
}

export const ctiSettings = {
  get: (): CtiSettings => current,
  set: (change: Partial<CtiSettings>): void => {
    current = { ...current, ...change };
    localStorage.setItem(KEY, JSON.stringify(current));
    listeners.forEach((listener) => listener());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useCtiSettings(): CtiSettings {
  return useSyncExternalStore(ctiSettings.subscribe, ctiSettings.get);
}
