// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../lib/session';
import { callUpdated, callView, incomingCall } from '../../../test/calls';
import { renderWithApp, stubFetch } from '../../../test/render';
import { ConnectionIndicator } from './ConnectionIndicator';
import { CTIListener } from './CTIListener';

type Handler = (...args: unknown[]) => void;

/** Stands in for socket.io-client's socket: the test emits what the server would. */
class FakeSocket {
  handlers = new Map<string, Handler[]>();
  managerHandlers = new Map<string, Handler[]>();
  recovered = false;
  active = true;
  auth: unknown;
  io = {
    on: (event: string, handler: Handler) => this.managerHandlers.set(event, [...(this.managerHandlers.get(event) ?? []), handler]),
    removeAllListeners: () => this.managerHandlers.clear(),
  };
  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
  disconnect(): this {
    return this;
  }
  connect(): this {
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

const sockets: FakeSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: (options: { auth: unknown }) => {
    const socket = new FakeSocket();
    socket.auth = options.auth;
    sockets.push(socket);
    return socket;
  },
}));

const user = { id: 'u1', email: 'a@example.jp', name: 'A', role: 'admin' as const, storeCode: null, dialpadUserId: null, disabled: false };

const incoming = (callId: string) =>
  incomingCall(callId, {
    store: { code: 'kasai', name: '葛西店' },
    customer: { id: 'c1', name: '鈴木 一郎', nameKana: 'スズキ イチロウ', caution: false, cautionReason: '', tags: [] },
    agent: null,
  });

const latest = (): FakeSocket => sockets.at(-1)!;

beforeEach(() => {
  sockets.length = 0;
  sessionStore.set({ token: 'tok', user });
});

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('CTIListener', () => {
  it('connects with the token, pops a card at once and follows the call', async () => {
    stubFetch({ 'GET /api/calls/active': { items: [], nextCursor: null } });
    renderWithApp(
      <CTIListener>
        <ConnectionIndicator />
      </CTIListener>,
    );
    expect(latest().auth).toEqual({ token: 'tok' });
    expect(screen.getByTestId('connection').textContent).toContain('再接続中');
    act(() => latest().emit('connect'));
    expect(screen.getByTestId('connection').textContent).toContain('接続中');

    act(() => latest().emit('incoming_call', incoming('call-9')));
    expect(screen.getByTestId('caller-name').textContent).toBe('鈴木 一郎');
    expect(screen.getByTestId('store-badge').textContent).toBe('葛西店');
    // Alone in the browser, this tab wins the claim.
    await waitFor(() => expect(screen.getByTestId('call-card').dataset.claim).toBe('won'));

    act(() =>
      latest().emit('call_updated', callUpdated('call-9', 'answered', { store: null, answeredBy: { id: '7', name: '田中', userId: null }, answeredAt: '2026-11-24T05:05:10.000Z' })),
    );
    expect(screen.getByTestId('call-state').textContent).toBe('通話中');
    expect(screen.getByTestId('call-agent').textContent).toContain('田中 が応答');

    act(() => latest().emit('disconnect', 'transport close'));
    expect(screen.getByTestId('connection').textContent).toContain('再接続中');
  });

  it('folds a finished card away 30 s after it ends, however many calls arrive meanwhile', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      stubFetch({ 'GET /api/calls/active': { items: [], nextCursor: null } });
      renderWithApp(<CTIListener>{null}</CTIListener>);
      act(() => latest().emit('connect'));
      act(() => latest().emit('incoming_call', incoming('call-1')));
      act(() =>
        latest().emit('call_updated', callUpdated('call-1', 'missed', { store: null, endedAt: '2026-11-24T05:05:20.000Z' })),
      );
      const cardIds = () => screen.queryAllByTestId('call-card').map((card) => card.dataset.callId);
      act(() => {
        vi.advanceTimersByTime(20_000);
      });
      // A new call renders the stack again: the finished card's countdown must not start over.
      act(() => latest().emit('incoming_call', incoming('call-2')));
      expect(cardIds()).toEqual(['call-2', 'call-1']);
      act(() => {
        vi.advanceTimersByTime(10_001);
      });
      expect(cardIds()).toEqual(['call-2']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a reconnect that lost events, shows the calls ringing now', async () => {
    const { calls } = stubFetch({
      'GET /api/calls/active': {
        items: [
          callView('missed-while-away', {
            customerPhone: '0311112222',
            customerPhoneE164: '+81311112222',
            store: { code: 'kasai', name: '葛西店' },
            startedAt: '2026-11-24T05:06:00.000Z',
          }),
        ],
        nextCursor: null,
      },
    });
    renderWithApp(
      <CTIListener>
        <ConnectionIndicator />
      </CTIListener>,
    );
    latest().recovered = false;
    act(() => latest().emit('connect'));
    await waitFor(() => expect(screen.getByTestId('caller-phone').textContent).toBe('03-1111-2222'));
    expect(calls.some((c) => c.url === '/api/calls/active')).toBe(true);
  });

  it('a refused token signs out', async () => {
    stubFetch({});
    globalThis.fetch = () => Promise.resolve(new Response(JSON.stringify({ error: 'account_disabled', message: 'disabled' }), { status: 403 }));
    renderWithApp(
      <CTIListener>
        <ConnectionIndicator />
      </CTIListener>,
    );
    act(() => latest().emit('connect_error', new Error('unauthorized')));
    await waitFor(() => expect(sessionStore.get()).toBeNull());
    expect(sessionStore.logoutReason()).toBe('disabled');
  });
});
