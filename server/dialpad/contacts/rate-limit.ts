/**
 * Dialpad's contact limits (100 a minute for PUT /contacts, 20 requests a second for the whole
 * company) as sliding windows: a request goes out only when every window has room, so no window
 * of that length, wherever it starts, ever holds more. (A token bucket refilled at 100/min would
 * allow its full bucket and then the refill within one minute.) Local, which is enough because a
 * single node sends at a time (see worker.ts).
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export const DIALPAD_CONTACT_LIMITS: readonly RateWindow[] = [
  { limit: 20, windowMs: 1000 },
  { limit: 100, windowMs: 60_000 },
];

export class SlidingWindowLimiter {
  /** Send times, oldest first, as long as the longest window needs them. */
  private readonly sent: number[] = [];
  private readonly longest: number;

  private readonly windows: readonly RateWindow[];

  /**
   * `marginMs` lengthens every window a little: a request's trip to Dialpad takes a varying time,
   * and two requests one window apart here must still be one window apart where they are counted.
   */
  constructor(windows: readonly RateWindow[], marginMs = 0) {
    if (windows.some((w) => w.limit < 1 || w.windowMs <= 0)) throw new Error('rate windows need a limit of at least 1 and a length');
    this.windows = windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs + marginMs }));
    this.longest = Math.max(0, ...this.windows.map((w) => w.windowMs));
  }

  /** How long to wait from `now` before the next request fits every window (0: now). */
  delayFor(now: number): number {
    this.forget(now);
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      let inWindow = 0;
      for (let i = this.sent.length - 1; i >= 0 && this.sent[i]! > now - windowMs; i--) inWindow++;
      if (inWindow < limit) continue;
      // The request `limit` back from the newest must leave the window first.
      const blocking = this.sent[this.sent.length - limit]!;
      wait = Math.max(wait, blocking + windowMs - now);
    }
    return wait;
  }

  /** A request went out at `now`. */
  record(now: number): void {
    this.sent.push(now);
    this.forget(now);
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.longest) this.sent.shift();
  }
}
