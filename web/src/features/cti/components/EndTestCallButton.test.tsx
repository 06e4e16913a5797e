// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { callSeed, callView } from '../../../test/calls';
import { renderWithApp, stubFetch } from '../../../test/render';
import { CallTable } from '../../calls/components/CallTable';
import { RingingNowCard } from '../../dashboard/components/RingingNowCard';
import { countByStore } from '../../dashboard/hooks/useTodayByStore';
import { CallCardHeader } from './CallCardHeader';

afterEach(cleanup);

describe('a test call on screen', () => {
  it('has a テスト badge and its own 終了, which ends it on the server', async () => {
    const fetched = stubFetch({ 'POST /api/dialpad/test-call/test-1/end': { callId: 'test-1', state: 'ended' } });
    renderWithApp(<CallCardHeader callId="test-1" seed={callSeed({ isTest: true })} state="ringing" finished={false} variant="floating" />);
    expect(screen.getByText('テスト')).toBeTruthy();
    fireEvent.click(screen.getByTestId('end-test-call'));
    await waitFor(() => expect(fetched.calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual(['POST /api/dialpad/test-call/test-1/end']));
    // No body: the route takes none (and strict bodies refuse what it does not know).
    expect(fetched.calls[0]?.init?.body).toBeUndefined();
  });

  it('says why when the server refuses to end it', async () => {
    stubFetch({});
    renderWithApp(<CallCardHeader callId="test-2" seed={callSeed({ isTest: true })} state="ringing" finished={false} variant="floating" />);
    fireEvent.click(screen.getByTestId('end-test-call'));
    // In the person's language from the error's code (a 404 here), never the server's English message.
    const tooltip = (await screen.findByRole('tooltip')).textContent ?? '';
    expect(tooltip).toContain('見つかりません');
    expect(tooltip).not.toContain('No route');
  });

  it('has no 終了 on a real call, nor on a test call that has ended', () => {
    stubFetch({});
    const { unmount } = renderWithApp(<CallCardHeader callId="call-1" seed={callSeed()} state="ringing" finished={false} variant="floating" />);
    expect(screen.queryByTestId('end-test-call')).toBeNull();
    unmount();
    renderWithApp(<CallCardHeader callId="test-1" seed={callSeed({ isTest: true })} state="ended" finished variant="floating" onClose={() => undefined} />);
    expect(screen.queryByTestId('end-test-call')).toBeNull();
    expect(screen.getByText('テスト')).toBeTruthy();
  });

  it('is marked テスト in the call log and the customer’s past calls (one table), and a real call is not', () => {
    stubFetch({});
    renderWithApp(<CallTable calls={[callView('test-1', { isTest: true }), callView('call-2')]} />);
    const rows = screen.getByTestId('call-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.querySelector('[data-testid="test-call-badge"]')?.textContent).toBe('テスト');
    expect(rows[1]?.querySelector('[data-testid="test-call-badge"]')).toBeNull();
  });

  it('is marked in いま着信中, with its 終了 there too', async () => {
    stubFetch({ 'GET /api/calls/active': { items: [callView('test-1', { isTest: true }), callView('call-2')], nextCursor: null } });
    renderWithApp(<RingingNowCard />);
    expect((await screen.findByTestId('test-call-badge')).textContent).toBe('テスト');
    expect(screen.getAllByTestId('end-test-call')).toHaveLength(1);
  });

  it('counts in no figure of 本日の通話', () => {
    const day = countByStore([callView('test-1', { isTest: true, state: 'ended' }), callView('call-2', { state: 'missed' }), callView('test-3', { isTest: true, state: 'missed' })]);
    expect(day).toEqual([{ store: { code: 'nishifuna', name: '西船橋店' }, total: 1, answered: 0, missed: 1, afterHours: 0 }]);
  });
});
