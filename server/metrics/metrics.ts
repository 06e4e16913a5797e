import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { toAppError } from '../http/error-handler';

/** What `GET /metrics` reports. One instance per app: tests build several apps in one process. */
export interface CtiMetrics {
  registry: Registry;
  /** A webhook answered: latency by HTTP status. */
  webhookAnswered(status: number, elapsedMs: number): void;
  /** A webhook event was stored (accepted) or dropped as a redelivery (duplicate); `state` is a bounded label. */
  callEvent(state: string, result: 'accepted' | 'duplicate'): void;
  /**
   * A webhook failed before or while storing: 4xx is rejected (never retried), 5xx failed (Dialpad
   * retries); `signature` says why verify refused it, when it did so for the signature.
   */
  webhookFailed(error: unknown, signature?: SignatureFailure): void;
  /** A signed event refused for lying outside the replay window (also counted by webhookFailed as rejected). */
  staleEvent(direction: 'past' | 'future'): void;
  /** Time from the ingest transaction's commit (performance.now()) to the end of the emit; call right after publish(). */
  broadcast(event: 'incoming_call' | 'call_updated', committedAt: number): void;
  /** A call-back task was published after a call event; counts the ones this event opened. */
  callbackPublished(row: { status: string; reason: string; createdAt: Date; updatedAt: Date }): void;
  /** Socket counts by room kind, read at each scrape (so they can never drift from the truth). */
  watchSockets(count: () => SocketCounts): void;
  /** Signature failures since this process started, for the Dialpad connection page. */
  signatureFailures(): { count: number; lastAt: Date | null };
  /** A client hung up (or our body timeout cut it off) before its request was read; `route` is the route's pattern. */
  requestAborted(route: string | undefined): void;
  /** The Dialpad contacts outbox's pending and failed rows, read from the database at each scrape. */
  watchContactOutbox(count: () => Promise<{ pending: number; failed: number }>): void;
  /** Call events waiting for a commit on this node (server/calls/commit-queue.ts), read at each scrape. */
  watchIngestQueue(depth: () => number): void;
  /** A group of call events committed together: its size. */
  ingestBatch(size: number): void;
  /** A webhook answered 503 because its event could not be committed within the budget. */
  ingestShed(): void;
}

export interface SocketCounts {
  admin: number;
  store: number;
  user: number;
}

/** Why a delivery's signature was refused: jwt (bad token), hmac (bad X-Dialpad-Signature), missing, not_configured. */
export const SIGNATURE_FAILURES = ['jwt', 'hmac', 'missing', 'not_configured'] as const;
export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];

export function createMetrics(): CtiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const webhookDuration = new Histogram({
    name: 'cti_webhook_duration_seconds',
    help: 'Time to answer POST /api/dialpad/webhook (Dialpad gives up after 5 s), by HTTP status',
    labelNames: ['status'] as const,
    // The webhook commits before it answers: a few ms is normal, anything near 1 s is trouble.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const events = new Counter({
    name: 'cti_call_events_total',
    help: 'Webhook call events by Dialpad state and result (accepted, duplicate, rejected = 4xx, failed = 5xx)',
    labelNames: ['state', 'result'] as const,
    registers: [registry],
  });
  const signatureFailures = new Counter({
    name: 'cti_webhook_signature_failures_total',
    help: 'Webhook deliveries refused for their signature: jwt (bad token), hmac (bad X-Dialpad-Signature), missing, not_configured',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const staleEvents = new Counter({
    name: 'cti_webhook_stale_events_total',
    help: 'Signed webhook events refused because their event_timestamp is outside the replay window: past (too old, a replay) or future (a clock ahead)',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  const broadcastDuration = new Histogram({
    name: 'cti_broadcast_duration_seconds',
    help: 'Time from the commit of a call event to the end of its Socket.IO emit, by event',
    labelNames: ['event'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const callbacksOpened = new Counter({
    name: 'cti_callbacks_opened_total',
    help: 'Call-back tasks opened for unanswered inbound calls, by reason (missed, voicemail)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const aborted = new Counter({
    name: 'cti_http_requests_aborted_total',
    help: 'Requests whose client hung up, or whose body our timeout cut off, before it was read, by route; not a server fault',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  let countSockets: (() => SocketCounts) | undefined;
  new Gauge({
    name: 'cti_sockets_connected',
    help: 'Sockets connected to this process, by room kind (admin-room, store:<code>, user:<id>)',
    labelNames: ['room'] as const,
    registers: [registry],
    collect() {
      const counts = countSockets?.() ?? { admin: 0, store: 0, user: 0 };
      for (const room of ['admin', 'store', 'user'] as const) this.set({ room }, counts[room]);
    },
  });
  let countOutbox: (() => Promise<{ pending: number; failed: number }>) | undefined;
  new Gauge({
    name: 'cti_contact_outbox_rows',
    help: 'Dialpad shared-contact changes waiting to be sent (pending) and given up (failed), from the database',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      // A scrape while the database is away reports nothing rather than failing /metrics.
      const counts = await countOutbox?.().catch(() => undefined);
      this.set({ state: 'pending' }, counts?.pending ?? 0);
      this.set({ state: 'failed' }, counts?.failed ?? 0);
    },
  });
  let ingestDepth: (() => number) | undefined;
  new Gauge({
    name: 'cti_ingest_queue_depth',
    help: 'Call events waiting for a commit on this process (group commit queue)',
    registers: [registry],
    collect() {
      this.set(ingestDepth?.() ?? 0);
    },
  });
  const batchSize = new Histogram({
    name: 'cti_ingest_batch_events',
    help: 'Call events committed in one transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const shed = new Counter({
    name: 'cti_webhook_shed_total',
    help: 'Webhook deliveries answered 503 because their event could not be committed within WEBHOOK_COMMIT_BUDGET_MS (Dialpad retries them)',
    registers: [registry],
  });
  // Zeroes, so every series exists from the first scrape and rate() has a starting point.
  for (const result of ['rejected', 'failed']) events.inc({ state: 'unknown', result }, 0);
  for (const reason of SIGNATURE_FAILURES) signatureFailures.inc({ reason }, 0);
  aborted.inc({ route: '/api/dialpad/webhook' }, 0);
  for (const direction of ['past', 'future']) staleEvents.inc({ direction }, 0);

  const refused = { count: 0, lastAt: null as Date | null };

  return {
    registry,
    signatureFailures: () => ({ ...refused }),
    webhookAnswered: (status, elapsedMs) => webhookDuration.observe({ status: String(status) }, elapsedMs / 1000),
    callEvent: (state, result) => events.inc({ state, result }),
    webhookFailed: (error, signature) => {
      if (signature) {
        signatureFailures.inc({ reason: signature });
        refused.count += 1;
        refused.lastAt = new Date();
      }
      const appError = toAppError(error);
      // A delivery cut short was never ours to refuse nor to fail: requestAborted counts it.
      if (appError.code === 'client_closed_request') return;
      // The state is unknown: a refused or unreadable delivery is never trusted far enough to read it.
      events.inc({ state: 'unknown', result: appError.status >= 500 ? 'failed' : 'rejected' });
    },
    staleEvent: (direction) => staleEvents.inc({ direction }),
    broadcast: (event, committedAt) => {
      // Realtime emits from a setImmediate queued by publish(); an immediate queued after it runs
      // once that emit is done, so this measures commit to the end of the emit.
      setImmediate(() => broadcastDuration.observe({ event }, (performance.now() - committedAt) / 1000));
    },
    callbackPublished: (row) => {
      // Opened by this event: a new open row has updated_at = created_at (the same transaction's now()).
      if (row.status === 'open' && row.createdAt.getTime() === row.updatedAt.getTime()) callbacksOpened.inc({ reason: row.reason });
    },
    // Unmatched paths share one label, so a scanner cannot grow the label set.
    requestAborted: (route) => aborted.inc({ route: route ?? 'unmatched' }),
    watchSockets: (count) => {
      countSockets = count;
    },
    watchContactOutbox: (count) => {
      countOutbox = count;
    },
    watchIngestQueue: (depth) => {
      ingestDepth = depth;
    },
    ingestBatch: (size) => batchSize.observe(size),
    ingestShed: () => shed.inc(),
  };
}
