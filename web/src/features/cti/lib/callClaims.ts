/**
 * "Once per call per browser": every tab of the browser gets the same socket events, but only
 * one may ring, notify or open the window. Tabs claim a callId (browserClaims.ts carries the
 * messages over a BroadcastChannel); after a short settling time each tab decides from the
 * claims it has seen, with the same rule everywhere (earliest claim wins, ties broken by tab
 * id), so they agree without a leader. A tab that already decided answers late claims with
 * `won`, and a tab still deciding repeats its earlier claim, so a tab that missed the first
 * messages (it was not listening yet) still learns it came second.
 */

export type ClaimOutcome = 'won' | 'lost';

export interface Claim {
  callId: string;
  tabId: string;
  /** When the tab claimed (ms since epoch; one clock for all tabs of a browser). */
  at: number;
}

export type ClaimMessage = { type: 'claim'; claim: Claim } | { type: 'won'; callId: string; tabId: string };

/** The winner among claims for one call: the earliest, then the smallest tab id. */
export function winningClaim(claims: readonly Claim[]): Claim | undefined {
  let best: Claim | undefined;
  for (const claim of claims) {
    if (!best || claim.at < best.at || (claim.at === best.at && claim.tabId < best.tabId)) best = claim;
  }
  return best;
}

export interface CallClaimsOptions {
  tabId: string;
  /** Sends to the other tabs (never back to this one). */
  post: (message: ClaimMessage) => void;
  now?: () => number;
  /** How long to wait for other tabs' claims before deciding. */
  settleMs?: number;
  schedule?: (run: () => void, ms: number) => void;
  /** How long a decided call is remembered (a reconnect may announce it again). */
  rememberMs?: number;
}

interface CallRecord {
  claims: Claim[];
  /** Another tab said it won. */
  wonElsewhere: boolean;
  outcome?: Promise<ClaimOutcome>;
  decided?: ClaimOutcome;
  touchedAt: number;
}

export class CallClaims {
  private readonly calls = new Map<string, CallRecord>();
  private readonly tabId: string;
  private readonly post: (message: ClaimMessage) => void;
  private readonly now: () => number;
  private readonly settleMs: number;
  private readonly schedule: (run: () => void, ms: number) => void;
  private readonly rememberMs: number;

  constructor(options: CallClaimsOptions) {
    this.tabId = options.tabId;
    this.post = options.post;
    this.now = options.now ?? Date.now;
    this.settleMs = options.settleMs ?? 150;
    this.schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
    this.rememberMs = options.rememberMs ?? 30 * 60 * 1000;
  }

  private record(callId: string): CallRecord {
    let record = this.calls.get(callId);
    if (!record) {
      record = { claims: [], wonElsewhere: false, touchedAt: this.now() };
      this.calls.set(callId, record);
    }
    record.touchedAt = this.now();
    return record;
  }

  private prune(): void {
    const cutoff = this.now() - this.rememberMs;
    for (const [callId, record] of this.calls) if (record.touchedAt < cutoff) this.calls.delete(callId);
  }

  /** Feeds a message from another tab. */
  receive(message: ClaimMessage): void {
    if (message.type === 'won') {
      if (message.tabId !== this.tabId) this.record(message.callId).wonElsewhere = true;
      return;
    }
    const { claim } = message;
    if (claim.tabId === this.tabId) return;
    const record = this.record(claim.callId);
    record.claims.push(claim);
    // A latecomer claims a call this tab has already taken: tell it.
    if (record.decided === 'won') {
      this.post({ type: 'won', callId: claim.callId, tabId: this.tabId });
      return;
    }
    // A tab that was not listening yet may have missed this tab's earlier claim: say it again.
    const mine = record.claims.find((c) => c.tabId === this.tabId);
    if (mine && record.decided === undefined && winningClaim([mine, claim]) === mine) this.post({ type: 'claim', claim: mine });
  }

  /** Claims a call for this tab; resolves the same outcome however often it is asked. */
  claim(callId: string): Promise<ClaimOutcome> {
    this.prune();
    const record = this.record(callId);
    if (record.outcome) return record.outcome;
    const mine: Claim = { callId, tabId: this.tabId, at: this.now() };
    record.claims.push(mine);
    record.outcome = new Promise<ClaimOutcome>((resolve) => {
      const decide = (): void => {
        const won = !record.wonElsewhere && winningClaim(record.claims)?.tabId === this.tabId;
        record.decided = won ? 'won' : 'lost';
        if (won) this.post({ type: 'won', callId, tabId: this.tabId });
        resolve(record.decided);
      };
      // Someone was earlier or has already won: no need to wait.
      if (record.wonElsewhere || winningClaim(record.claims) !== mine) {
        decide();
        return;
      }
      this.post({ type: 'claim', claim: mine });
      this.schedule(decide, this.settleMs);
    });
    return record.outcome;
  }

  /** The outcome once decided (for display and tests). */
  outcome(callId: string): ClaimOutcome | undefined {
    return this.calls.get(callId)?.decided;
  }
}
