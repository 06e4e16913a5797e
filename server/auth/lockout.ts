import { normalizeIP } from '@fastify/rate-limit';

/**
 * Temporary lockout of password guessing, per email and client address: after `maxFailures` wrong
 * passwords within `windowMs`, that pair is refused for `lockMs` without checking the password at
 * all. Keyed on the pair, so a colleague mistyping elsewhere does not lock the user out; and, with
 * `accountMaxFailures`, per email across all addresses too, so a guesser with many addresses (a
 * botnet; a whole IPv6 /64 counts as one address anyway) still gets only that
 * many tries per window. The per-address limit on /api/auth/login (rate-limit.ts) covers spraying many emails.
 *
 * State lives in this process's memory: with several nodes each counts its own attempts, so a
 * guesser spread over N nodes by the load balancer gets up to N × maxFailures tries per window
 * (docs/security.md). A restart forgets every count, which only ever favours the legitimate user.
 */
export interface LockoutOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** Wrong passwords for one email from any addresses within `windowMs` before the email itself is locked for `lockMs`; none: no such limit. */
  accountMaxFailures?: number;
  /** Bounds the memory an attacker can make us spend by inventing emails (the oldest entries go first), per kind of key. */
  maxEntries?: number;
}

export interface LoginLockout {
  /** Milliseconds until this pair may try again (the pair or the email being locked); 0 when it is not locked. */
  lockedFor(email: string, ip: string, now?: number): number;
  /** Counts a wrong password; returns the lock's length in ms when this failure locked the pair or the email, else 0. */
  recordFailure(email: string, ip: string, now?: number): number;
  /**
   * A successful sign-in forgets the pair's failures, not the email's: else the real user signing in
   * now and then would hand a guesser elsewhere a fresh allowance each time.
   */
  reset(email: string, ip: string): void;
  /** Pairs and emails currently tracked (for tests and metrics). */
  size(): number;
}

interface Entry {
  /** Times of the failures still inside the window, oldest first. */
  failures: number[];
  lockedUntil: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;

// Emails are matched case-insensitively at sign-in, so "A@x" and "a@x" must share one count.
const emailKey = (email: string): string => email.trim().toLowerCase();
// The address as the rate limit keys it: an IPv6 client by its /64 (one subscriber holds all of it), IPv4-mapped as IPv4.
const keyOf = (email: string, ip: string): string => `${emailKey(email)}\u0000${normalizeIP(ip)}`;

export function createLoginLockout(options: LockoutOptions): LoginLockout {
  const pairs = createCounter(options.maxFailures, options);
  const accounts = options.accountMaxFailures === undefined ? undefined : createCounter(options.accountMaxFailures, options);
  return {
    lockedFor: (email, ip, now = Date.now()) => Math.max(pairs.lockedFor(keyOf(email, ip), now), accounts?.lockedFor(emailKey(email), now) ?? 0),
    recordFailure: (email, ip, now = Date.now()) =>
      Math.max(pairs.recordFailure(keyOf(email, ip), now), accounts?.recordFailure(emailKey(email), now) ?? 0),
    reset: (email, ip) => pairs.reset(keyOf(email, ip)),
    size: () => pairs.size() + (accounts?.size() ?? 0),
  };
}

interface Counter {
  lockedFor(key: string, now: number): number;
  recordFailure(key: string, now: number): number;
  reset(key: string): void;
  size(): number;
}

/** Failures per key inside a sliding window; `maxFailures` of them lock the key for `lockMs`. */
function createCounter(maxFailures: number, options: LockoutOptions): Counter {
  const { windowMs, lockMs } = options;
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
    lockedFor(key, now) {
      const entry = live(key, now);
      return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
    },
    recordFailure(key, now) {
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
    reset(key) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}
