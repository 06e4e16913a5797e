import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createListRefresher } from './listRefresher';

describe('createListRefresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refreshes at once when idle, then once at the end of the window for everything asked meanwhile', () => {
    const refreshed: string[] = [];
    const lists = createListRefresher((key) => refreshed.push(JSON.stringify(key)), 1000);

    lists.refresh(['calls']);
    expect(refreshed).toEqual(['["calls"]']);

    lists.refresh(['calls']);
    lists.refresh(['callbacks']);
    lists.refresh(['calls']);
    vi.advanceTimersByTime(999);
    expect(refreshed).toEqual(['["calls"]']);
    vi.advanceTimersByTime(1);
    expect(refreshed).toEqual(['["calls"]', '["calls"]', '["callbacks"]']);

    // A window with nothing asked ends the coalescing: the next request is served at once again.
    vi.advanceTimersByTime(1000);
    lists.refresh(['callbacks']);
    expect(refreshed).toHaveLength(4);
  });

  it('drops what is pending when stopped', () => {
    const refreshed: unknown[] = [];
    const lists = createListRefresher((key) => refreshed.push(key), 1000);
    lists.refresh(['calls']);
    lists.refresh(['callbacks']);
    lists.stop();
    vi.advanceTimersByTime(5000);
    expect(refreshed).toEqual([['calls']]);
  });
});
