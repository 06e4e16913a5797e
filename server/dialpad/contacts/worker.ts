import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/client';
import { DialpadApiError } from '../api-client';
import type { ContactsApi } from './client';
import { toDialpadContact } from './contact';
import { DIALPAD_CONTACT_LIMITS, type RateWindow, SlidingWindowLimiter } from './rate-limit';
import { CONTACTS_LEASE, contactOutboxRepository as outbox, type OutboxRow } from './repository';

/**
 * Sends the contacts outbox to Dialpad, one row at a time, oldest first.
 *
 * One sender for the whole company: on PostgreSQL the nodes share a lease row (worker_leases) that
 * the sender renews right before every request and any node takes once it has expired, so only
 * the holder sends and the local rate limiter is the company's. A lease row rather than a session
 * advisory lock: it needs no connection held out of the pool, works the same on PGlite, and status
 * can show who holds it. On PGlite the database is one process's (its folder is locked), so that
 * process sends without a lease.
 *
 * Delivery is at least once, idempotent by uid: a row is marked sent only after Dialpad answered
 * 2xx, so a crash between the answer and the mark sends the same PUT again, which updates the one
 * contact keyed by our customer id and never makes a second one. What is sent is read from the
 * customer at that moment, so a retry never sends anything stale.
 */

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ContactWorkerOptions {
  db: Db;
  api: ContactsApi;
  /** 'lease' where several processes share the database (PostgreSQL), 'single' on PGlite. */
  coordination: 'lease' | 'single';
  log?: WorkerLog | undefined;
  /** Who holds the lease: host, pid and a random part by default. */
  holder?: string;
  limits?: readonly RateWindow[];
  /** Added to every rate window (see SlidingWindowLimiter). */
  limitMarginMs?: number;
  leaseMs?: number;
  /** How often an idle (or standby) worker looks again. */
  idlePollMs?: number;
  /** First back-off after a 5xx or no answer; doubles each attempt, with jitter, up to backoffMaxMs. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A row failing this many times with 5xx or no answer is given up (state failed). */
  maxAttempts?: number;
  /** How long everything waits after 401/403 (the key, not the row, is wrong). */
  authPauseMs?: number;
}

type Step = 'progress' | 'idle' | 'standby' | 'backoff' | 'stopped';

type Plan = { kind: 'put'; body: ReturnType<typeof toDialpadContact> } | { kind: 'delete'; contactId: string } | { kind: 'nothing' };

const silent: WorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class ContactWorker {
  readonly holder: string;
  private readonly db: Db;
  private readonly api: ContactsApi;
  private readonly log: WorkerLog;
  private readonly limiter: SlidingWindowLimiter;
  private readonly options: Required<Omit<ContactWorkerOptions, 'db' | 'api' | 'log' | 'holder' | 'limits' | 'limitMarginMs'>>;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private inFlight: AbortController | undefined;
  /** Nothing is sent before this (a 429's Retry-After, a bad key, Dialpad failing). */
  private pausedUntil = 0;
  private leader = false;

  constructor(options: ContactWorkerOptions) {
    this.db = options.db;
    this.api = options.api;
    this.log = options.log ?? silent;
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.limiter = new SlidingWindowLimiter(options.limits ?? DIALPAD_CONTACT_LIMITS, options.limitMarginMs ?? 50);
    this.options = {
      coordination: options.coordination,
      leaseMs: options.leaseMs ?? 15_000,
      idlePollMs: options.idlePollMs ?? 1000,
      backoffBaseMs: options.backoffBaseMs ?? 2000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
      maxAttempts: options.maxAttempts ?? 10,
      authPauseMs: options.authPauseMs ?? 60_000,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /**
   * Stops sending: a request in flight gets its answer (at most the client's timeout, 8 s, inside
   * the shutdown's 10 s) and its row is marked, then the lease is given up so another node takes
   * over at once. `abandon` cuts the request off instead (its row stays pending and is sent again,
   * as after a crash); `releaseLease: false` leaves the lease to expire, as a crash would.
   */
  async stop(options: { releaseLease?: boolean; abandon?: boolean } = {}): Promise<void> {
    this.running = false;
    if (options.abandon) this.inFlight?.abort();
    this.wakeUp?.();
    await this.loopDone;
    if (this.leader && this.options.coordination === 'lease' && options.releaseLease !== false) {
      await outbox.releaseLease(this.db, CONTACTS_LEASE, this.holder).catch(() => undefined);
    }
    this.leader = false;
  }

  /** Runs until nothing is pending (sent by this worker, or by the node holding the lease), reporting as it goes. */
  async drain(onProgress: (counts: { pending: number; failed: number }) => void, signal?: AbortSignal): Promise<void> {
    this.start();
    try {
      while (!signal?.aborted) {
        const counts = await outbox.counts(this.db);
        onProgress(counts);
        if (counts.pending === 0) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(this.options.idlePollMs, 250));
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    } finally {
      await this.stop();
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let step: Step;
      try {
        step = await this.step();
      } catch (err) {
        // The database, most likely: nothing was marked, so the row is simply tried again.
        this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'contacts outbox: a step failed');
        step = 'backoff';
      }
      if (!this.running) break;
      if (step === 'idle' || step === 'standby') await this.sleep(this.options.idlePollMs);
      else if (step === 'backoff') await this.sleep(Math.min(this.options.backoffBaseMs, 5000));
    }
  }

  private async step(): Promise<Step> {
    if (!(await this.holdLease())) return 'standby';
    const row = await outbox.nextDue(this.db);
    if (!row) return 'idle';
    for (;;) {
      const now = Date.now();
      const wait = Math.max(this.pausedUntil - now, this.limiter.delayFor(now));
      if (wait <= 0 || !this.running) break;
      // In slices, renewing the lease, so a long Retry-After does not hand the queue to another node.
      await this.sleep(Math.min(wait, this.options.leaseMs / 3));
      if (this.running && !(await this.holdLease())) return 'standby';
    }
    if (!this.running) return 'stopped';
    // The lease may have passed to another node during the wait: renewed right before the request.
    if (!(await this.holdLease())) return 'standby';

    const plan = await this.plan(row);
    if (plan.kind === 'nothing') {
      await outbox.markSent(this.db, row, null);
      return 'progress';
    }
    this.limiter.record(Date.now());
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      if (plan.kind === 'put') {
        const { id } = await this.api.upsert(plan.body, controller.signal);
        await outbox.markSent(this.db, row, id);
      } else {
        await this.api.delete(plan.contactId, controller.signal);
        await outbox.markSent(this.db, row, null);
      }
      return 'progress';
    } catch (err) {
      if (controller.signal.aborted) return 'stopped';
      if (!(err instanceof DialpadApiError)) throw err;
      await this.failed(row, err);
      return 'progress';
    } finally {
      this.inFlight = undefined;
    }
  }

  /** What this row asks of Dialpad now: the customer's current contact, or the removal of a gone one. */
  private async plan(row: OutboxRow): Promise<Plan> {
    if (row.op === 'upsert') {
      const source = await outbox.loadSource(this.db, row.customerId);
      if (source) return { kind: 'put', body: toDialpadContact(source) };
      // Gone without its delete reaching the outbox (removed while sync was off): make sure Dialpad forgets it too.
    }
    const contactId = await outbox.knownContactId(this.db, row.customerId);
    // Never answered for by Dialpad, so there is nothing there to delete.
    return contactId === null ? { kind: 'nothing' } : { kind: 'delete', contactId };
  }

  private async failed(row: OutboxRow, err: DialpadApiError): Promise<void> {
    const status = err.status;
    const context = { customerId: row.customerId, op: row.op, status, attempts: row.attempts + 1 };
    if (status === 429) {
      const seconds = err.retryAfterSeconds ?? 60;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + seconds * 1000);
      this.log.warn({ ...context, retryAfterSeconds: seconds }, 'contacts outbox: Dialpad rate limit, waiting');
      await outbox.reschedule(this.db, row, 0, err.message, false);
      return;
    }
    if (status === 401 || status === 403) {
      this.pausedUntil = Date.now() + this.options.authPauseMs;
      this.log.error(context, `contacts outbox: ${err.message}; check DIALPAD_API_KEY`);
      await outbox.reschedule(this.db, row, 0, err.message, false);
      return;
    }
    if (status !== null && status < 500) {
      // Dialpad refused this contact as it is: sending it again cannot help until the customer changes.
      this.log.warn(context, `contacts outbox: gave up: ${err.message}`);
      await outbox.markFailed(this.db, row, err.message);
      return;
    }
    const attempts = row.attempts + 1;
    if (attempts >= this.options.maxAttempts) {
      this.log.warn(context, `contacts outbox: gave up after ${attempts} attempts: ${err.message}`);
      await outbox.markFailed(this.db, row, `${err.message} (gave up after ${attempts} attempts)`);
      return;
    }
    // Dialpad is in trouble for everyone: a short pause for the whole queue, a growing one for this row.
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + this.options.backoffBaseMs);
    this.log.warn(context, `contacts outbox: will retry: ${err.message}`);
    await outbox.reschedule(this.db, row, this.backoff(attempts), err.message, true);
  }

  /** Exponential, capped, with jitter (half to all of it) so rows failing together spread out. */
  private backoff(attempts: number): number {
    const full = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (attempts - 1));
    return full / 2 + Math.random() * (full / 2);
  }

  private async holdLease(): Promise<boolean> {
    if (this.options.coordination === 'single') return true;
    const held = await outbox.acquireLease(this.db, CONTACTS_LEASE, this.holder, this.options.leaseMs);
    if (held !== this.leader) {
      this.log.info({ holder: this.holder }, held ? 'contacts outbox: this node sends to Dialpad now' : 'contacts outbox: another node sends to Dialpad');
    }
    this.leader = held;
    return held;
  }

  /** A wait that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
