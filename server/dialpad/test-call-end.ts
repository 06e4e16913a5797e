import type { CallEvent } from '../calls/call-event';
import { type IngestDeps, type IngestResult, ingestCallEvent } from '../calls/ingest';
import { testCallRepository } from './test-call-repository';

/** How often every node looks for test calls whose end is overdue (one left by a restart, a crash or a dead node). */
export const TEST_CALL_SWEEP_MS = 60_000;

/** The hangup that ends a test call, through the same pipeline as its ringing; one per call, whoever sends it first. */
export function testCallHangup(callId: string, reason: 'timer' | 'button' | 'sweep', now = new Date()): CallEvent {
  return {
    provider: 'test',
    callId,
    legId: callId,
    state: 'hangup',
    kind: 'hangup',
    direction: 'inbound',
    externalNumber: null,
    internalNumber: null,
    occurredAt: now,
    startedAt: null,
    connectedAt: null,
    endedAt: now,
    durationMs: null,
    target: null,
    entryPoint: null,
    isTest: true,
    // The same key from the timer, the button and every node's sweep: the call ends once.
    dedupeKey: `${callId}|hangup`,
    raw: { call_id: callId, state: 'hangup', test: true, reason },
  };
}

export interface TestCallEnder {
  /** Ends the call `ringMs` after now (in this process). */
  schedule(callId: string): void;
  /** Ends every test call whose time is up; run at start and every TEST_CALL_SWEEP_MS. */
  sweep(now?: Date): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

/**
 * Test calls end by themselves. A timer in the process that took the call ends it on time; the
 * sweep, at start and every minute on every node, ends the ones whose timer died with a restarted
 * or crashed process. Both send the same hangup event, so the call is ended (and announced) once,
 * and the database stays the one truth: no query has to guess whether a ringing test call is over.
 */
export function testCallEnder(deps: IngestDeps, ringMs: number): TestCallEnder {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let interval: NodeJS.Timeout | undefined;
  let closed = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  const end = (callId: string, reason: 'timer' | 'sweep'): Promise<IngestResult | undefined> =>
    track(
      ingestCallEvent(deps, testCallHangup(callId, reason)).catch((err: unknown) => {
        // The sweep tries again within a minute; nothing a person did is lost.
        deps.log.warn({ callId, err: err instanceof Error ? err.message : String(err) }, 'could not end a test call');
        return undefined;
      }),
    );

  const sweep = async (now = new Date()): Promise<number> => {
    if (closed) return 0;
    let overdue: string[];
    try {
      overdue = await track(testCallRepository.overdue(deps.db, new Date(now.getTime() - ringMs)));
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not look for test calls to end');
      return 0;
    }
    for (const callId of overdue) await end(callId, 'sweep');
    return overdue.length;
  };

  return {
    schedule(callId) {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void end(callId, 'timer');
      }, ringMs);
      timer.unref();
      timers.add(timer);
    },
    sweep,
    start() {
      void sweep();
      interval = setInterval(() => void sweep(), TEST_CALL_SWEEP_MS);
      interval.unref();
    },
    async close() {
      closed = true;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
