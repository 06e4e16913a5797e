// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callSeed } from '../../../test/calls';
import { ctiValue, renderWithApp, stubFetch } from '../../../test/render';
import type { CallCard as LiveCard } from '../lib/cards';
import { CallCardStack } from './CallCardStack';

const card = (callId: string, name: string, seq: number): LiveCard => ({
  callId,
  seed: callSeed({ customer: { id: `c-${callId}`, name, nameKana: '', caution: false, cautionReason: '', tags: [] } }),
  state: 'ringing',
  answeredBy: null,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  seq,
  claim: 'won',
  alerts: [],
  popupBlocked: false,
});

// Newest first, as the context gives them.
const three = [card('call-3', '三上 三郎', 3), card('call-2', '二宮 二郎', 2), card('call-1', '一条 一郎', 1)];
const cardIds = () => screen.queryAllByTestId('call-card').map((c) => c.dataset.callId);

afterEach(cleanup);

describe('the call dock (issue 13 item 2)', () => {
  it('docks three ringing calls in the side panel, the newest open', () => {
    stubFetch({});
    renderWithApp(<CallCardStack />, { cti: ctiValue({ cards: three }) });
    const dock = screen.getByTestId('call-stack');
    expect(dock.dataset.dock).toBe('side');
    expect(cardIds()).toEqual(['call-3', 'call-2', 'call-1']);
    const toggles = screen.getAllByRole('button', { name: /詳細を/ });
    expect(toggles.map((b) => b.getAttribute('aria-expanded'))).toEqual(['true', 'false', 'false']);
  });

  it('folds a card to a pill and opens it again from the pill', () => {
    stubFetch({});
    renderWithApp(<CallCardStack />, { cti: ctiValue({ cards: three }) });
    const second = screen.getAllByTestId('call-card')[1]!;
    fireEvent.click(within(second).getByTestId('minimize-card'));
    expect(cardIds()).toEqual(['call-3', 'call-1']);
    const pill = screen.getByTestId('call-pill');
    expect(pill.textContent).toBe('二宮 二郎');
    expect(pill.dataset.state).toBe('ringing');

    fireEvent.click(screen.getByRole('button', { name: '二宮 二郎 のカードを開く' }));
    expect(screen.queryByTestId('call-pill')).toBeNull();
    expect(cardIds()).toEqual(['call-3', 'call-2', 'call-1']);
  });

  it('closes any card, a ringing one too', () => {
    stubFetch({});
    const dismiss = vi.fn();
    renderWithApp(<CallCardStack />, { cti: ctiValue({ cards: three, dismiss }) });
    fireEvent.click(within(screen.getAllByTestId('call-card')[0]!).getByTestId('close-card'));
    expect(dismiss).toHaveBeenCalledWith('call-3');
  });

  it('takes no room without calls, nor in the call window', () => {
    stubFetch({});
    const { unmount } = renderWithApp(<CallCardStack />, { cti: ctiValue({ cards: [] }) });
    expect(screen.queryByTestId('call-stack')).toBeNull();
    unmount();
    renderWithApp(<CallCardStack />, { cti: ctiValue({ cards: three, focusedCallId: 'call-1' }) });
    expect(screen.queryByTestId('call-stack')).toBeNull();
  });
});
