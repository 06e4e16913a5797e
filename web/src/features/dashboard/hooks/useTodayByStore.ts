import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import type { CallView, StoreRef } from '../../../lib/api/types';
import { todayRangeInJapan } from '../../../lib/format';
import { listAllCalls } from '../../calls/api/calls';

export interface StoreDay {
  store: StoreRef | null;
  total: number;
  answered: number;
  missed: number;
}

/** Today's calls (Japan's day) counted per store; test calls are no one's calls and count nowhere. */
export function countByStore(calls: CallView[]): StoreDay[] {
  const rows = new Map<string, StoreDay>();
  for (const call of calls) {
    if (call.isTest) continue;
    const key = call.store?.code ?? '';
    const row = rows.get(key) ?? { store: call.store, total: 0, answered: 0, missed: 0 };
    row.total += 1;
    if (call.answeredAt || call.state === 'answered') row.answered += 1;
    if (call.state === 'missed' || call.state === 'voicemail') row.missed += 1;
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
