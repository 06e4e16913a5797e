import type { QueryKey } from '@tanstack/react-query';

export interface ListRefresher {
  /** Asks for the lists under `key` to be fetched again. */
  refresh(key: QueryKey): void;
  stop(): void;
}

/**
 * Refreshes the lists a call event changes (the call log, today's counts, the call-back tasks) at
 * most once per `windowMs`: the first request at once, every one that comes during the window
 * together at its end. A busy chain sends an admin's screen several events a second; fetching and
 * rendering every list again for each one kept the page busy when the next call's card had to appear.
 */
export function createListRefresher(invalidate: (key: QueryKey) => void, windowMs: number): ListRefresher {
  const pending = new Map<string, QueryKey>();
  let window: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    window = undefined;
    if (pending.size === 0) return;
    const keys = [...pending.values()];
    pending.clear();
    for (const key of keys) invalidate(key);
    window = setTimeout(flush, windowMs);
  };
  return {
    refresh(key) {
      pending.set(JSON.stringify(key), key);
      if (window === undefined) flush();
    },
    stop() {
      clearTimeout(window);
      window = undefined;
      pending.clear();
    },
  };
}
