/**
 * Memory per idle signed-in socket: the server's RSS and V8 heap (after a full GC) with no sockets,
 * then with each population, all held by client processes.
 */
import { execFileSync } from 'node:child_process';
import { login } from './support/calls';
import { loadAverage } from './support/machine';
import type { MemoryStats } from './support/server-process';
import { openSockets, spawnClients, startServer, stopClients } from './support/stack';
import { sleep } from './support/stats';

export interface MemoryRow {
  /** Sockets asked for, and connected. */
  target: number;
  sockets: number;
  failed: number;
  baseline: MemoryStats;
  measured: MemoryStats;
  /** Bytes per socket over the baseline. */
  rssPerSocket: number;
  heapPerSocket: number;
  /** Why fewer sockets than asked, when so. */
  note?: string;
  load: number;
}

/** The open-files limit this process (and so the server it forks) runs under. */
export function fdLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The server needs one descriptor per socket plus its own (database pool, listener, stdio, ...). */
const SERVER_OWN_FDS = 200;

export async function benchMemory(options: { sockets: number[]; processes: number }): Promise<MemoryRow[]> {
  const { server, url } = await startServer({ database: 'postgres', customers: 0 });
  const clients = spawnClients(options.processes);
  const rows: MemoryRow[] = [];
  try {
    const token = await login(url);
    await sleep(1_000);
    const baseline = await server.call('memory', undefined);
    const limit = fdLimit() - SERVER_OWN_FDS;
    let connected = 0;
    let failed = 0;
    for (const target of [...options.sockets].sort((a, b) => a - b)) {
      const reachable = Math.min(target, limit);
      if (reachable > connected) {
        const opened = await openSockets(clients, url, token, reachable - connected);
        connected += opened.opened;
        failed += opened.failed;
      }
      // Idle: handshakes done, the first heartbeat sent, nothing in flight.
      await sleep(2_000);
      const measured = await server.call('memory', undefined);
      const grown = Math.max(1, measured.sockets);
      rows.push({
        target,
        sockets: measured.sockets,
        failed,
        baseline,
        measured,
        rssPerSocket: (measured.rss - baseline.rss) / grown,
        heapPerSocket: (measured.heapUsed - baseline.heapUsed) / grown,
        ...(reachable < target ? { note: `open-files limit ${limit + SERVER_OWN_FDS} (ulimit -n) caps the server at ~${limit} sockets` } : {}),
        load: loadAverage(),
      });
    }
  } finally {
    await stopClients(clients);
    await server.call('stop', undefined).catch(() => undefined);
    await server.stop(5_000);
  }
  return rows;
}
