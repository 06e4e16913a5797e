import { useEffect } from 'react';

/** Folds a finished card away by itself, unless the person is busy with it. */
export function useAutoDismiss(active: boolean, onDismiss: () => void, ms = 30_000): void {
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(onDismiss, ms);
    return () => clearTimeout(timer);
  }, [active, onDismiss, ms]);
}
