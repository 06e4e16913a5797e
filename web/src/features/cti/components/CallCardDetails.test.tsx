// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetail } from '../../../lib/api/types';
import { callSeed, callView } from '../../../test/calls';
import { ctiValue, renderWithApp, stubFetch } from '../../../test/render';
import type { CallCard as LiveCard } from '../lib/cards';
import { CallCard } from './CallCard';

const vip = { id: 'cust-1', name: '佐藤 恵', nameKana: 'サトウ メグミ', caution: true, cautionReason: '支払い遅れあり', tags: ['VIP', '常連'] };

const live = (seed = callSeed({ customer: vip })): LiveCard => ({
  callId: 'call-1',
  seed,
  state: 'ringing',
  answeredBy: null,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  seq: 1,
  claim: 'won',
  alerts: [],
  popupBlocked: false,
});

const detail = (overrides: Partial<CallDetail> = {}): CallDetail => ({
  call: callView('call-1', { customerId: 'cust-1', customerName: '佐藤 恵' }),
  customer: { ...vip, notes: '香料が苦手。施術は窓側の席で' },
  candidates: [],
  memos: [],
  visits: [],
  visitSummary: null,
  recentCalls: [],
  ...overrides,
});

afterEach(cleanup);

describe('what the card shows itself (issue 13 item 3)', () => {
  it('shows tags and the caution reason from the pop at once, and 備考 once the details load', async () => {
    stubFetch({ 'GET /api/calls/call-1': detail() });
    renderWithApp(<CallCard callId="call-1" live={live()} variant="floating" />);
    expect(screen.getByTestId('caller-tags').textContent).toBe('VIP常連');
    expect(screen.getByTestId('caution-reason').textContent).toBe('支払い遅れあり');
    expect((await screen.findByTestId('caller-notes')).textContent).toContain('香料が苦手。施術は窓側の席で');
  });

  it('titles a shared number as a choice between its holders, not 未登録の番号', async () => {
    const candidates = [
      { id: 'a', name: '山田 花子', nameKana: 'ヤマダ ハナコ', caution: false, cautionReason: '', tags: [] },
      { id: 'b', name: '山田 太郎', nameKana: 'ヤマダ タロウ', caution: false, cautionReason: '', tags: [] },
    ];
    stubFetch({ 'GET /api/calls/call-1': detail({ customer: null, candidates }) });
    renderWithApp(<CallCard callId="call-1" live={live(callSeed({ customer: null, candidates }))} variant="floating" />);
    expect(screen.getByTestId('caller-name').textContent).toBe('山田 花子 / 山田 太郎 のどちらか');
    expect(screen.getByTestId('call-card').getAttribute('aria-label')).toContain('山田 花子 / 山田 太郎 のどちらか');
  });

  it("saves a memo on an unknown caller's call to the call, and says it moves to the customer later", async () => {
    const saved = { id: 'm1', body: '予約変更の希望', pinned: false, callId: 'call-1', author: null, createdAt: '2026-11-24T05:06:00Z', updatedAt: '2026-11-24T05:06:00Z' };
    const { calls } = stubFetch({
      'GET /api/calls/call-1': detail({ call: callView('call-1'), customer: null }),
      'POST /api/calls/call-1/memos': saved,
    });
    renderWithApp(<CallCard callId="call-1" live={live(callSeed({ customer: null }))} variant="floating" />, { cti: ctiValue() });
    expect(screen.getByTestId('caller-name').textContent).toBe('未登録の番号');
    expect(screen.getByText('メモは通話に残り、顧客を登録または紐付けると顧客に移ります')).toBeTruthy();
    // The call's store is the one the new customer will get.
    expect((await screen.findByTestId('register-home-store')).textContent).toBe('担当店舗: 西船橋店');
    fireEvent.change(screen.getByTestId('call-memo-input'), { target: { value: '予約変更の希望' } });
    fireEvent.click(screen.getByTestId('call-memo-save'));
    await waitFor(() => expect(screen.getByTestId('memo-status').textContent).toBe('メモを保存しました'));
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(post?.url).toBe('/api/calls/call-1/memos');
    expect(JSON.parse(typeof post?.init?.body === 'string' ? post.init.body : '')).toEqual({ body: '予約変更の希望' });
  });
});
