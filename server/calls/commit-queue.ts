import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../http/errors';
import type { CtiMetrics } from '../metrics/metrics';
import type { CallEvent } from './call-event';
import { type IngestDeps, type IngestResult, ingestBatch, ingestCallEvent } from './ingest';

/** At most this many events share one transaction. */
export const MAX_BATCH = 64;

export interface Submission {
  log: FastifyBaseLogger;
  /** Test calls leave it out, so /metrics counts real calls only. */
  metrics?: IngestDeps['metrics'];
  /** Answer 503 overloaded when the event is not committed within this (a webhook); none: wait. */
  budgetMs?: number;
}

export interface CommitQueue {
  /** Stores the event with others that arrived meanwhile, and resolves once its own commit is done and announced. */
  submit(event: CallEvent, submission: Submission): Promise<IngestResult>;
  /** Events waiting for a transaction. */
  depth(): number;
  /** Resolves when nothing is queued or being committed (shutdown). */
  idle(): Promise<void>;
}

interface Item {
  event: CallEvent;
  submission: Submission;
  resolve(result: IngestResult): void;
  reject(err: unknown): void;
  /** The budget ran out: it was answered 503 (and left the queue if it had not started). */
  settled: boolean;
}

function overloaded(): AppError {
  return new AppError('overloaded', 'The event could not be stored in time; deliver it again later');
}

/**
 * Group commit. Events wait while every worker is in a transaction, and a free worker takes up to
 * MAX_BATCH of them into one (so an idle server commits each at once, and under load one commit
 * serves many): each is acknowledged only after that commit. A transaction that fails is retried
 * one event per transaction, so a bad event fails alone and its neighbours still succeed.
 * `workers`: transactions at once (PGlite has one connection; PostgreSQL a pool).
 * `inThread`: the database runs on this thread (PGlite). A commit begun at once would then run to its
 * end before the event loop reads the deliveries that arrived with it, so a burst would be taken one
 * event per commit, each request meeting an idle queue. Instead a worker waits one turn of the loop
 * (setImmediate, no timer): what arrived meanwhile is queued by then and shares the commit.
 */
export function createCommitQueue(
  deps: Omit<IngestDeps, 'log' | 'metrics'> & { log: FastifyBaseLogger; metrics: Pick<CtiMetrics, 'ingestBatch' | 'ingestShed'>; workers: number; inThread?: boolean },
): CommitQueue {
  const waiting: Item[] = [];
  let busy = 0;
  /** Events one worker commits per millisecond, as its recent groups went; undefined until one has. */
  let pace: number | undefined;
  /**
   * Whether an event queued now would still be waiting when its budget runs out: then it is answered
   * 503 at once rather than late. Judged only behind a full round of groups, since one that
   * small is taken by the next commit anyway.
   */
  const wouldMiss = (budgetMs: number): boolean =>
    pace !== undefined && waiting.length >= deps.workers * MAX_BATCH && waiting.length / (pace * deps.workers) > budgetMs;
  const drained: (() => void)[] = [];

  const depsOf = (item: Item): IngestDeps => ({ ...deps, log: item.submission.log, metrics: item.submission.metrics });
  const deliver = (item: Item, outcome: { result: IngestResult } | { error: unknown }) => {
    if ('result' in outcome) item.resolve(outcome.result);
    else item.reject(outcome.error);
  };

  async function commit(items: Item[]): Promise<void> {
    deps.metrics.ingestBatch(items.length);
    const started = performance.now();
    try {
      const results = await ingestBatch(deps, items.map((item) => ({ event: item.event, deps: depsOf(item) })));
      const sample = items.length / Math.max(performance.now() - started, 0.01);
      pace = pace === undefined ? sample : 0.8 * pace + 0.2 * sample;
      items.forEach((item, i) => deliver(item, { result: results[i]! }));
    } catch (err) {
      if (items.length === 1) return deliver(items[0]!, { error: err });
      // Nothing of the group was committed: each again on its own, so only the bad one fails.
      deps.log.warn({ events: items.length, err: err instanceof Error ? err.message : String(err) }, 'group commit failed; retrying its events one by one');
      for (const item of items) {
        await ingestCallEvent(depsOf(item), item.event).then(
          (result) => deliver(item, { result }),
          (error: unknown) => deliver(item, { error }),
        );
      }
    }
  }

  const settleIfIdle = () => {
    if (busy === 0 && waiting.length === 0) for (const done of drained.splice(0)) done();
  };

  function start(): void {
    // Events whose budget ran out while the worker waited have left the queue.
    const items = waiting.splice(0, MAX_BATCH);
    if (items.length === 0) {
      busy -= 1;
      return settleIfIdle();
    }
    void commit(items).finally(() => {
      busy -= 1;
      pump();
      settleIfIdle();
    });
  }

  function pump(): void {
    while (busy < deps.workers && waiting.length > 0) {
      busy += 1;
      if (deps.inThread) setImmediate(start);
      else start();
    }
  }

  return {
    submit(event, submission) {
      return new Promise<IngestResult>((resolve, reject) => {
        const item: Item = { event, submission, resolve, reject, settled: false };
        const { budgetMs } = submission;
        if (budgetMs !== undefined && wouldMiss(budgetMs)) {
          deps.metrics.ingestShed();
          return reject(overloaded());
        }
        if (budgetMs !== undefined) {
          const timer = setTimeout(() => {
            item.settled = true;
            // Not started: it leaves the queue, so the redelivery does the work. Started: its commit
            // goes on, and the redelivery finds it stored (a duplicate, 200).
            const at = waiting.indexOf(item);
            if (at >= 0) waiting.splice(at, 1);
            deps.metrics.ingestShed();
            reject(overloaded());
          }, Math.max(0, budgetMs));
          item.resolve = (result) => {
            clearTimeout(timer);
            if (!item.settled) resolve(result);
          };
          item.reject = (err) => {
            clearTimeout(timer);
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as ingest threw it
            if (!item.settled) reject(err);
          };
        }
        waiting.push(item);
        pump();
      });
    },
    depth: () => waiting.length,
    idle: () => (busy === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((done) => drained.push(done))),
  };
}
