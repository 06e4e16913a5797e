/**
 * Webhook at fixed rates: distinct ringing calls as signed JWTs, committed on the database, with
 * admin sockets connected (each receives every call). The load comes from its own process.
 */
import { takeCallIds } from './support/calls';
import { spawnChild } from './support/ipc';
import type { LoadResult, loadgenApi } from './support/loadgen';
import { drained, startStack } from './support/stack';
import { sleep } from './support/stats';
import { loadAverage } from './support/machine';

export interface WebhookRow extends LoadResult {
  database: string;
  sockets: number;
  /** Socket messages delivered / (calls answered × sockets): 1 when every socket got every call. */
  delivered: number;
  /** Server process CPU (all threads) per answered webhook, fan-out included: unlike latency, barely moved by other load on the machine. */
  cpuPerRequest: number;
  held: boolean;
  load: number;
}

/** Held: every request answered 200, throughput kept up, and no queue built (p99 under this). */
export const HELD_P99_MS = 100;

export async function benchWebhook(options: {
  database: 'postgres' | 'pglite';
  rates: number[];
  durationMs: number;
  sockets: number;
  customers: number;
}): Promise<WebhookRow[]> {
  const stack = await startStack({ database: options.database, customers: options.customers, sockets: options.sockets, processes: 2 });
  const loadgen = spawnChild<typeof loadgenApi>('support/loadgen.ts');
  const rows: WebhookRow[] = [];
  try {
    // Warm-up (JIT, connection pools, caches); not recorded.
    await loadgen.call('prepare', { url: stack.url, rate: 50, durationMs: 1000, firstCallId: takeCallIds(50), customers: options.customers });
    await loadgen.call('run', undefined);
    let before = await drained(stack.clients);
    for (const rate of options.rates) {
      const count = Math.round((rate * options.durationMs) / 1000);
      await loadgen.call('prepare', { url: stack.url, rate, durationMs: options.durationMs, firstCallId: takeCallIds(count), customers: options.customers });
      const load = loadAverage();
      const cpuBefore = await stack.server.call('cpu', undefined);
      const result = await loadgen.call('run', undefined, options.durationMs + 120_000);
      const after = await drained(stack.clients);
      const cpuAfter = await stack.server.call('cpu', undefined);
      await Promise.all(stack.clients.map((c) => c.call('stats', { forget: true })));
      const errors = Object.values(result.errors).reduce((n, e) => n + e, 0);
      rows.push({
        ...result,
        database: stack.kind,
        sockets: stack.sockets,
        delivered: result.ok > 0 && stack.sockets > 0 ? (after - before) / (result.ok * stack.sockets) : 0,
        cpuPerRequest: result.ok > 0 ? (cpuAfter.cpuMs - cpuBefore.cpuMs) / result.ok : Number.NaN,
        held: errors === 0 && result.ok === result.sent && result.latency.p99 <= HELD_P99_MS,
        load,
      });
      before = after;
      await sleep(500);
    }
  } finally {
    await loadgen.stop();
    await stack.stop();
  }
  return rows;
}
