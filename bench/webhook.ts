/**
 * Webhook at fixed rates: distinct ringing calls as signed JWTs, committed on the database, with
 * admin sockets connected (each receives every call). The load comes from its own process.
 */
import { takeCallIds } from './support/calls';
import { spawnChild } from './support/ipc';
import type { LoadResult, loadgenApi } from './support/loadgen';
import { type Audience, drained, type Implementation, startStack } from './support/stack';
import { sleep } from './support/stats';
import { loadAverage } from './support/machine';

export interface WebhookRow extends LoadResult {
  implementation: Implementation;
  database: string;
  sockets: number;
  audience: Audience;
  /**
   * Calls the server processed, from what the sockets received (admins get every call): more than
   * the 200s when the generator gave up on requests the server still completed.
   */
  processed: number;
  /** Server process CPU (all threads) per processed call, fan-out included: unlike latency, barely moved by other load on the machine. */
  cpuPerCall: number;
  held: boolean;
  load: number;
}


/** Held: every request answered 200, throughput kept up, and no queue built (p99 under this). */
export const HELD_P99_MS = 100;

export async function benchWebhook(options: {
  implementation: Implementation;
  database: 'postgres' | 'pglite';
  audience: Audience;
  rates: number[];
  durationMs: number;
  sockets: number;
  customers: number;
  /** A second of traffic first, unrecorded (JIT, pools); --quick skips it. */
  warmUp: boolean;
}): Promise<WebhookRow[]> {
  const stack = await startStack({ implementation: options.implementation, database: options.database, customers: options.customers, sockets: options.sockets, processes: 2, audience: options.audience });
  const loadgen = spawnChild<typeof loadgenApi>('support/loadgen.ts');
  const rows: WebhookRow[] = [];
  try {
    if (options.warmUp) {
      await loadgen.call('prepare', { url: stack.url, rate: 50, durationMs: 1000, firstCallId: takeCallIds(50), customers: options.customers });
      await loadgen.call('run', undefined);
    }
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
      // Idle staff receive nothing, so only the 200s tell; admins each receive every processed call.
      const processed = options.audience === 'admin' && stack.sockets > 0 ? Math.round((after - before) / stack.sockets) : result.ok;
      rows.push({
        ...result,
        implementation: options.implementation,
        database: stack.kind,
        sockets: stack.sockets,
        audience: options.audience,
        processed,
        cpuPerCall: processed > 0 ? (cpuAfter.cpuMs - cpuBefore.cpuMs) / processed : Number.NaN,
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
