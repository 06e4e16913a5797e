import { describe, expect, it } from 'vitest';
import { type CallClaims as Claims, CallClaims, type ClaimMessage, winningClaim } from './callClaims';

/** Tabs wired to each other, with a clock and timers the test moves by hand. */
function browser() {
  let time = 1_000;
  const timers: { at: number; run: () => void }[] = [];
  const tabs: Claims[] = [];
  const inFlight: { from: Claims; message: ClaimMessage }[] = [];
  const addTab = (tabId: string): Claims => {
    const tab: Claims = new CallClaims({
      tabId,
      now: () => time,
      settleMs: 100,
      schedule: (run, ms) => void timers.push({ at: time + ms, run }),
      post: (message) => inFlight.push({ from: tab, message }),
    });
    tabs.push(tab);
    return tab;
  };
  /** Delivers every message on its way (messages may cause more messages). */
  const deliver = (): void => {
    while (inFlight.length > 0) {
      const { from, message } = inFlight.shift()!;
      for (const tab of tabs) if (tab !== from) tab.receive(message);
    }
  };
  const advance = (ms: number): void => {
    time += ms;
    for (const timer of timers.splice(0).sort((a, b) => a.at - b.at)) {
      if (timer.at <= time) timer.run();
      else timers.push(timer);
    }
    deliver();
  };
  return { addTab, deliver, advance, tick: (ms: number) => (time += ms) };
}

describe('winningClaim', () => {
  it('picks the earliest claim, ties broken by tab id', () => {
    expect(winningClaim([])).toBeUndefined();
    expect(
      winningClaim([
        { callId: 'c', tabId: 'b', at: 5 },
        { callId: 'c', tabId: 'a', at: 7 },
      ])?.tabId,
    ).toBe('b');
    expect(
      winningClaim([
        { callId: 'c', tabId: 'b', at: 5 },
        { callId: 'c', tabId: 'a', at: 5 },
      ])?.tabId,
    ).toBe('a');
  });
});

describe('CallClaims', () => {
  it('a lone tab wins', async () => {
    const b = browser();
    const tab = b.addTab('a');
    const outcome = tab.claim('call-1');
    b.advance(100);
    await expect(outcome).resolves.toBe('won');
    expect(tab.outcome('call-1')).toBe('won');
  });

  it('two tabs claiming the same call at once: exactly one wins', async () => {
    const b = browser();
    const one = b.addTab('tab-2');
    const two = b.addTab('tab-1');
    const first = one.claim('call-1');
    const second = two.claim('call-1');
    b.deliver();
    b.advance(100);
    const outcomes = await Promise.all([first, second]);
    expect(outcomes.sort()).toEqual(['lost', 'won']);
    // Same instant: the smaller tab id wins.
    expect(await second).toBe('won');
  });

  it('the first tab to claim wins, even when the other decides first', async () => {
    const b = browser();
    const early = b.addTab('z');
    const late = b.addTab('a');
    const first = early.claim('call-1');
    b.deliver();
    b.tick(20);
    const second = late.claim('call-1');
    // The late tab already knows an earlier claim: it loses without waiting.
    await expect(second).resolves.toBe('lost');
    b.advance(100);
    await expect(first).resolves.toBe('won');
  });

  it('a tab that joins after the decision loses at once (the winner answers)', async () => {
    const b = browser();
    const winner = b.addTab('a');
    const outcome = winner.claim('call-1');
    b.advance(100);
    await expect(outcome).resolves.toBe('won');
    const newcomer = b.addTab('0');
    const late = newcomer.claim('call-1');
    b.deliver();
    b.advance(100);
    await expect(late).resolves.toBe('lost');
  });

  it('a tab that missed the first claim (not listening yet) still loses', async () => {
    const b = browser();
    const early = b.addTab('z');
    const first = early.claim('call-1');
    // The message is lost: the other tab does not exist yet.
    b.deliver();
    const late = b.addTab('a');
    b.tick(5);
    const second = late.claim('call-1');
    b.deliver();
    b.advance(100);
    await expect(first).resolves.toBe('won');
    await expect(second).resolves.toBe('lost');
  });

  it('claiming again in the same tab gives the same outcome and rings once', async () => {
    const b = browser();
    const tab = b.addTab('a');
    const first = tab.claim('call-1');
    b.advance(100);
    expect(await first).toBe('won');
    expect(tab.claim('call-1')).toBe(first);
  });

  it('different calls are claimed independently', async () => {
    const b = browser();
    const one = b.addTab('a');
    const two = b.addTab('b');
    const x = one.claim('call-x');
    b.deliver();
    b.tick(5);
    const y = two.claim('call-y');
    b.deliver();
    b.advance(100);
    await expect(x).resolves.toBe('won');
    await expect(y).resolves.toBe('won');
  });
});
