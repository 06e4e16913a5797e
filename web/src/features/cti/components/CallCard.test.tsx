// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallDetail } from '../../../lib/api/types';
import { callSeed, callView } from '../../../test/calls';
import { ctiValue, renderWithApp, stubFetch } from '../../../test/render';
import type { CallCard as LiveCard } from '../lib/cards';
import { CallCard } from './CallCard';

/** Known, and flagged: the card shows the caution before anything loads. */
const caller = { id: 'cust-1', name: '山田 花子', nameKana: 'ヤマダ ハナコ', caution: true, cautionReason: '支払いトラブルあり', tags: [] };

const live = (overrides: Partial<LiveCard> = {}): LiveCard => ({
  callId: 'call-1',
  seed: callSeed({ customer: caller }),
  state: 'ringing',
  answeredBy: null,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  seq: 1,
  claim: 'won',
  alerts: ['sound'],
  popupBlocked: false,
  ...overrides,
});

const detail = (overrides: Partial<CallDetail> = {}): CallDetail => ({
  call: callView('call-1', { customerId: 'cust-1' }),
  customer: { ...caller, notes: '' },
  candidates: [],
  memos: [
    { id: 'm1', body: '固定のメモ', pinned: true, callId: null, author: null, createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z' },
    { id: 'm2', body: '最新のメモ', pinned: false, callId: null, author: { id: 'u', name: '佐藤' }, createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z' },
  ],
  visits: [],
  visitSummary: { count: 3, lastVisitAt: '2026-11-02T02:00:00Z', totalYen: 30000, topStore: null },
  recentCalls: [],
  ...overrides,
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('CallCard', () => {
  it('shows who is calling from the socket payload at once, then memos and visits', async () => {
    stubFetch({ 'GET /api/calls/call-1': detail() });
    renderWithApp(<CallCard callId="call-1" live={live()} variant="floating" />);
    expect(screen.getByTestId('caller-name').textContent).toBe('山田 花子');
    expect(screen.getByTestId('caller-kana').textContent).toBe('ヤマダ ハナコ');
    expect(screen.getByTestId('caller-phone').textContent).toBe('090-1234-5678');
    expect(screen.getByTestId('store-badge').textContent).toBe('西船橋店');
    expect(screen.getByTestId('caution-flag').textContent).toContain('注意');
    expect(screen.getByTestId('call-state').textContent).toBe('着信中');
    expect(screen.getByTestId('call-agent').textContent).toContain('呼出先: 山田 太郎');
    expect(await screen.findByText('最新のメモ')).toBeTruthy();
    expect(screen.getByTestId('pinned-memos').textContent).toContain('固定のメモ');
    expect(screen.getByTestId('visit-summary').textContent).toMatch(/来店 3 回 · 最終 2026\/11\/02 · 累計 [￥¥]30,000/);
    const root = screen.getByTestId('call-card');
    expect(root.dataset.claim).toBe('won');
    expect(root.dataset.alerts).toBe('sound');
  });

  it('shows who answered, and a finished card closes with Esc or by itself', async () => {
    stubFetch({ 'GET /api/calls/call-1': detail() });
    const onClose = vi.fn();
    const answered = { id: '9', name: '佐藤 次郎', userId: null };
    const { rerender } = renderWithApp(<CallCard callId="call-1" live={live({ state: 'answered', answeredBy: answered })} variant="floating" onClose={onClose} />);
    expect(screen.getByTestId('call-state').textContent).toBe('通話中');
    expect(screen.getByTestId('call-agent').textContent).toContain('佐藤 次郎 が応答');
    // Any card closes, a live one too: it must never stand in the way of the page.
    expect(screen.getByTestId('close-card')).toBeTruthy();

    vi.useFakeTimers();
    rerender(<CallCard callId="call-1" live={live({ state: 'ended', answeredBy: answered, durationMs: 65_000 })} variant="floating" onClose={onClose} />);
    expect(screen.getByTestId('call-state').textContent).toBe('終了');
    expect(screen.getByTestId('call-agent').textContent).toContain('通話時間 1:05');
    fireEvent.keyDown(screen.getByTestId('call-card'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('offers registration for an unknown number, prefilled', async () => {
    stubFetch({ 'GET /api/calls/call-1': detail({ customer: null, memos: [], visitSummary: null }) });
    renderWithApp(<CallCard callId="call-1" live={live({ seed: { ...live().seed, customer: null } })} variant="floating" />, { cti: ctiValue() });
    expect(screen.getByTestId('caller-name').textContent).toBe('未登録の番号');
    await waitFor(() => expect(screen.getByTestId('register-form')).toBeTruthy());
    expect(screen.getByLabelText<HTMLInputElement>('電話番号').value).toBe('090-1234-5678');
  });

  it('lets the person pick among several customers sharing the number', async () => {
    const candidates = [
      { id: 'a', name: '山田 一郎', nameKana: 'ヤマダ イチロウ', caution: false, cautionReason: '', tags: [] },
      { id: 'b', name: '山田 花子', nameKana: 'ヤマダ ハナコ', caution: false, cautionReason: '', tags: [] },
    ];
    const { calls } = stubFetch({
      'GET /api/calls/call-1': detail({ customer: null, candidates }),
      'POST /api/calls/call-1/customer': detail({ customer: { ...candidates[1]!, notes: '' }, candidates: [] }),
    });
    const linked = vi.fn();
    renderWithApp(<CallCard callId="call-1" live={live({ seed: { ...live().seed, customer: null } })} variant="floating" />, { cti: ctiValue({ linked }) });
    fireEvent.click(await screen.findByRole('button', { name: 'この人: 山田 花子' }));
    await waitFor(() => expect(linked).toHaveBeenCalledWith('call-1', expect.objectContaining({ id: 'b' })));
    const post = calls.find((c) => c.init?.method === 'POST');
    expect(post?.url).toBe('/api/calls/call-1/customer');
    expect(JSON.parse(typeof post?.init?.body === 'string' ? post.init.body : '')).toEqual({ customerId: 'b' });
  });
});
