/**
 * Webhook at fixed rates: distinct ringing calls as signed JWTs, committed on the database, with a
 * store chain's sockets connected (each call reaches its store's staff and every admin). The load
 * comes from its own process.
 */
import { takeCallIds } from './support/calls';
import { spawnChild } from './support/ipc';
import type { LoadResult, loadgenApi } from './support/loadgen';
import { type ChainShape, drained, type Implementation, startStack } from './support/stack';
import { sleep } from './support/stats';
import { loadAverage } from './support/machine';

export interface WebhookRow extends LoadResult {
  implementation: Implementation;
  database: string;
  /** Sockets connected, in the shape of `chain`. */
  sockets: number;
  chain: ChainShape;
  /**
   * Calls the server committed, counted in its database: more than the 200s when the generator gave
   * up on requests the server still completed, or a 503 came after the commit had begun.
   */
  processed: number;
  /** Server process CPU (all threads) per processed call, fan-out included: unlike latency, barely moved by other load on the machine. */
  cpuPerCall: number;
  held: boolean;
  load: number;
}

/** Held: every request answered 200, and no queue built (p99 under this). */
export const HELD_P99_MS = 50;

export async function benchWebhook(options: {
  implementation: Implementation;
  database: 'postgres' | 'pglite';
  chain: ChainShape;
  rates: number[];
  durationMs: number;
  customers: number;
  /** A second of traffic first, unrecorded (JIT, pools); --quick skips it. */
  warmUp: boolean;
}): Promise<WebhookRow[]> {
  const stack = await startStack({ implementation: options.implementation, database: options.database, customers: options.customers, chain: options.chain, processes: 2 });
  const loadgen = spawnChild<typeof loadgenApi>('support/loadgen.ts');
  const rows: WebhookRow[] = [];
  try {
    if (options.warmUp) {
      await loadgen.call('prepare', { url: stack.url, rate: 50, durationMs: 1000, firstCallId: takeCallIds(50), customers: options.customers });
      await loadgen.call('run', undefined);
    }
    await drained(stack.clients);
    let stored = await stack.server.call('countCalls', undefined);
    for (const rate of options.rates) {
      const count = Math.round((rate * options.durationMs) / 1000);
      await loadgen.call('prepare', { url: stack.url, rate, durationMs: options.durationMs, firstCallId: takeCallIds(count), customers: options.customers });
      const load = loadAverage();
      const cpuBefore = await stack.server.call('cpu', undefined);
      const result = await loadgen.call('run', undefined, options.durationMs + 120_000);
      // The fan-out backlog of the run is part of each call's cost.
      await drained(stack.clients);
      const cpuAfter = await stack.server.call('cpu', undefined);
      const nowStored = await stack.server.call('countCalls', undefined);
      await Promise.all(stack.clients.map((c) => c.call('stats', { forget: true })));
      const errors = Object.values(result.errors).reduce((n, e) => n + e, 0);
      const processed = nowStored - stored;
      rows.push({
        ...result,
        implementation: options.implementation,
        database: stack.kind,
        sockets: stack.sockets,
        chain: options.chain,
        processed,
        cpuPerCall: processed > 0 ? (cpuAfter.cpuMs - cpuBefore.cpuMs) / processed : Number.NaN,
        held: errors === 0 && result.ok === result.sent && result.latency.p99 <= HELD_P99_MS,
        load,
      });
      stored = nowStored;
      await sleep(500);
    }
  } finally {
    await loadgen.stop();
    await stack.stop();
  }
  return rows;
}
