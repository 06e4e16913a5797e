/**
 * Burst: thousands of distinct ringing deliveries due at the same instant on PGlite (one
 * connection: the commit queue's one worker), through a chain's stack with its sockets connected.
 * The server must answer each at once, 200 or 503 overloaded within its commit budget, and lose
 * none: the load generator retries every 503 after its Retry-After as Dialpad does, and the calls
 * the server holds at the end are counted in its database.
 */
import { takeCallIds } from './support/calls';
import { spawnChild } from './support/ipc';
import type { BurstResult, loadgenApi } from './support/loadgen';
import { loadAverage } from './support/machine';
import { type ChainShape, drained, startStack } from './support/stack';

export interface BurstRow extends BurstResult {
  database: string;
  sockets: number;
  chain: ChainShape;
  /** Rows the burst added to `calls`: one per distinct call the server holds. */
  stored: number;
  load: number;
}

export async function benchBurst(options: {
  deliveries: number;
  chain: ChainShape;
  customers: number;
  /** A second of traffic first, unrecorded: a burst meets a server that has been up (JIT, caches); --quick skips it. */
  warmUp: boolean;
}): Promise<BurstRow> {
  const stack = await startStack({ database: 'pglite', customers: options.customers, chain: options.chain, processes: 2 });
  const loadgen = spawnChild<typeof loadgenApi>('support/loadgen.ts');
  try {
    if (options.warmUp) {
      await loadgen.call('prepare', { url: stack.url, rate: 50, durationMs: 1000, firstCallId: takeCallIds(50), customers: options.customers });
      await loadgen.call('run', undefined);
      await drained(stack.clients);
    }
    // All the bodies as one second's worth at a rate of `deliveries`: burst() sends them at once.
    await loadgen.call('prepare', { url: stack.url, rate: options.deliveries, durationMs: 1000, firstCallId: takeCallIds(options.deliveries), customers: options.customers });
    const before = await stack.server.call('countCalls', undefined);
    const load = loadAverage();
    const result = await loadgen.call('burst', undefined, 300_000);
    await drained(stack.clients);
    const stored = (await stack.server.call('countCalls', undefined)) - before;
    return { ...result, database: stack.kind, sockets: stack.sockets, chain: options.chain, stored, load };
  } finally {
    await loadgen.stop();
    await stack.stop();
  }
}
