/**
 * Temporary lockout of password guessing, per email and client address: after `maxFailures` wrong
 * passwords within `windowMs`, that pair is refused for `lockMs` without checking the password at
 * all. Keyed on the pair, not the email alone, so a stranger cannot lock a colleague out from
 * elsewhere; the per-address limit on /api/auth/login (rate-limit.ts) covers spraying many emails.
 *
 * State lives in this process's memory: with several nodes each counts its own attempts, so a
 * guesser spread over N nodes by the load balancer gets up to N × maxFailures tries per window
 * (docs/security.md). A restart forgets every count, which only ever favours the legitimate user.
 */
export interface LockoutOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** Bounds the memory an attacker can make us spend by inventing emails (the oldest entries go first). */
  maxEntries?: number;
}

export interface LoginLockout {
  /** Milliseconds until this pair may try again; 0 when it is not locked. */
  lockedFor(email: string, ip: string, now?: number): number;
  /** Counts a wrong password; returns the lock's length in ms when this failure locked the pair, else 0. */
  recordFailure(email: string, ip: string, now?: number): number;
  /** A successful sign-in forgets the pair's failures. */
  reset(email: string, ip: string): void;
  /** Pairs currently tracked (for tests and metrics). */
  size(): number;
}

interface Entry {
  /** Times of the failures still inside the window, oldest first. */
  failures: number[];
  lockedUntil: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;

// Emails are matched case-insensitively at sign-in, so "A@x" and "a@x" must share one count.
const keyOf = (email: string, ip: string): string => `${email.trim().toLowerCase()}\u0000${ip}`;

export function createLoginLockout(options: LockoutOptions): LoginLockout {
  const { maxFailures, windowMs, lockMs } = options;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const entries = new Map<string, Entry>();

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entry.failures = entry.failures.filter((at) => now - at < windowMs);
    if (entry.failures.length === 0 && entry.lockedUntil <= now) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    lockedFor(email, ip, now = Date.now()) {
      const entry = live(keyOf(email, ip), now);
      return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
    },
    recordFailure(email, ip, now = Date.now()) {
      const key = keyOf(email, ip);
      const entry = live(key, now) ?? { failures: [], lockedUntil: 0 };
      entry.failures.push(now);
      // Re-inserting moves the pair to the end of the Map's order, so eviction takes the stalest.
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      if (entry.failures.length >= maxFailures) {
        entry.lockedUntil = now + lockMs;
        entry.failures = [];
        return lockMs;
      }
      return 0;
    },
    reset(email, ip) {
      entries.delete(keyOf(email, ip));
    },
    size: () => entries.size,
  };
}
