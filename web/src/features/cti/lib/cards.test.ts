import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../lib/api/types';
import { callUpdated, callView, incomingCall } from '../../../test/calls';
import { cardsReducer, type CardsState, initialCardsState, laterState, orderedCards } from './cards';

const view = (callId: string, state: CallView['state'], startedAt: string): CallView =>
  callView(callId, { state, customerPhone: '09011112222', customerPhoneE164: '+819011112222', store: null, startedAt });

const run = (...actions: Parameters<typeof cardsReducer>[1][]): CardsState => actions.reduce(cardsReducer, initialCardsState);

describe('cardsReducer', () => {
  it('one card per call, newest on top', () => {
    const state = run({ type: 'incoming', payload: incomingCall('a') }, { type: 'incoming', payload: incomingCall('b') }, { type: 'incoming', payload: incomingCall('a') });
    expect(orderedCards(state).map((c) => c.callId)).toEqual(['b', 'a']);
  });

  it('moves ringing → answered (with who) → ended, never backwards', () => {
    const agent = { id: '9', name: '佐藤', userId: null };
    let state = run({ type: 'incoming', payload: incomingCall('a') }, { type: 'updated', payload: callUpdated('a', 'answered', { answeredBy: agent }) });
    expect(state.cards[0]).toMatchObject({ state: 'answered', answeredBy: agent });
    state = cardsReducer(state, { type: 'updated', payload: callUpdated('a', 'ringing') });
    expect(state.cards[0]?.state).toBe('answered');
    state = cardsReducer(state, { type: 'updated', payload: callUpdated('a', 'ended', { durationMs: 65_000 }) });
    expect(state.cards[0]).toMatchObject({ state: 'ended', durationMs: 65_000, answeredBy: agent });
    state = cardsReducer(state, { type: 'updated', payload: callUpdated('a', 'voicemail') });
    expect(state.cards[0]?.state).toBe('ended');
  });

  it('shows the customer an update links', () => {
    const customer = { id: 'c9', name: '高橋', nameKana: 'タカハシ', caution: false, cautionReason: '', tags: [] };
    const state = run({ type: 'incoming', payload: incomingCall('a', { customer: null }) }, { type: 'updated', payload: callUpdated('a', 'ringing', { customer }) });
    expect(state.cards[0]?.seed.customer).toEqual(customer);
  });

  it('ignores updates for calls it never showed', () => {
    expect(run({ type: 'updated', payload: callUpdated('x', 'answered') }).cards).toEqual([]);
  });

  it('a dismissed card does not come back', () => {
    const state = run(
      { type: 'incoming', payload: incomingCall('a') },
      { type: 'updated', payload: callUpdated('a', 'missed') },
      { type: 'dismiss', callId: 'a' },
      { type: 'updated', payload: callUpdated('a', 'voicemail') },
      { type: 'incoming', payload: incomingCall('a') },
      { type: 'active', calls: [view('a', 'ringing', '2026-11-24T05:05:00Z')] },
    );
    expect(state.cards).toEqual([]);
  });

  it('adds calls ringing now after a reconnect, and updates ones it has', () => {
    const state = run(
      { type: 'incoming', payload: incomingCall('a') },
      { type: 'active', calls: [view('c', 'ringing', '2026-11-24T05:07:00Z'), view('a', 'answered', '2026-11-24T05:05:00Z'), view('b', 'ringing', '2026-11-24T05:06:00Z')] },
    );
    expect(orderedCards(state).map((c) => `${c.callId}:${c.state}`)).toEqual(['c:ringing', 'b:ringing', 'a:answered']);
    expect(state.cards.find((c) => c.callId === 'c')?.seed.customerPhone).toBe('09011112222');
  });

  it('records the claim and alerts, and a linked customer', () => {
    const state = run(
      { type: 'incoming', payload: incomingCall('a', { customer: null, candidates: [{ id: '1', name: 'A', nameKana: '', caution: false, cautionReason: '', tags: [] }, { id: '2', name: 'B', nameKana: '', caution: false, cautionReason: '', tags: [] }] }) },
      { type: 'claim', callId: 'a', claim: 'won', alerts: ['sound', 'window'] },
      { type: 'linked', callId: 'a', customer: { id: '2', name: 'B', nameKana: 'ビー', caution: false, cautionReason: '', tags: [] } },
    );
    expect(state.cards[0]).toMatchObject({ claim: 'won', alerts: ['sound', 'window'], seed: { customer: { id: '2' }, candidates: [] } });
  });

  it('laterState', () => {
    expect(laterState('ringing', 'answered')).toBe('answered');
    expect(laterState('answered', 'ringing')).toBe('answered');
    expect(laterState('ringing', 'missed')).toBe('missed');
    expect(laterState('missed', 'ended')).toBe('missed');
  });
});
