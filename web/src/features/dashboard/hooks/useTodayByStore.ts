import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { CallView, StoreRef } from '../../../lib/api/types';
import { todayRangeInJapan } from '../../../lib/format';
import { listAllCalls } from '../../calls/api/calls';

export interface StoreDay {
  store: StoreRef | null;
  total: number;
  answered: number;
  /** Missed or voicemail while the store was open: the missed-during-hours figure. */
  missed: number;
  /** Missed or voicemail while it was closed, never counted in `missed`. */
  afterHours: number;
}

/** Today's calls (Japan's day) counted per store; test calls are no one's calls and count nowhere. After-hours misses count apart. */
export function countByStore(calls: CallView[]): StoreDay[] {
  const rows = new Map<string, StoreDay>();
  for (const call of calls) {
    // Test calls are no one's; a blocked caller was turned away by Dialpad and rang no store.
    if (call.isTest || call.state === 'blocked') continue;
    const key = call.store?.code ?? '';
    const row = rows.get(key) ?? { store: call.store, total: 0, answered: 0, missed: 0, afterHours: 0 };
    row.total += 1;
    if (call.answeredAt || call.state === 'answered') row.answered += 1;
    if (call.state === 'missed' || call.state === 'voicemail') {
      if (call.afterHours) row.afterHours += 1;
      else row.missed += 1;
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total);
}

export function useTodayByStore() {
  const range = todayRangeInJapan();
  return useQuery({
    queryKey: keys.calls({ today: range.from }),
    // The server leaves test calls out too, so a day of them never crowds real calls out of the 2,000 read.
    queryFn: async ({ signal }) => countByStore(await listAllCalls({ ...range, test: false }, 2000, signal)),
  });
}
