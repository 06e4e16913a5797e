import { describe, expect, it } from 'vitest';
import { callView } from '../../../test/calls';
import { countByStore } from './useTodayByStore';

describe('countByStore', () => {
  it('counts a miss while the store was closed as after hours, never as missed during hours', () => {
    const day = countByStore([
      callView('c-1', { state: 'missed' }),
      callView('c-2', { state: 'voicemail', afterHours: true }),
      callView('c-3', { state: 'missed', afterHours: true }),
      callView('c-4', { state: 'ended', answeredAt: '2026-11-24T05:06:00.000Z', afterHours: true }),
    ]);
    expect(day).toEqual([{ store: { code: 'nishifuna', name: '西船橋店' }, total: 4, answered: 1, missed: 1, afterHours: 2 }]);
  });

  it('leaves out a call Dialpad blocked: it rang no store, and is no miss', () => {
    const day = countByStore([callView('c-1', { state: 'missed' }), callView('c-2', { state: 'blocked' })]);
    expect(day).toEqual([{ store: { code: 'nishifuna', name: '西船橋店' }, total: 1, answered: 0, missed: 1, afterHours: 0 }]);
  });
});
