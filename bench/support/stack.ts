/** Starts the server under test and its socket clients, each in their own process. */
import { join } from 'node:path';
import { login, STORES, storeStaff } from './calls';
import { type Child, spawnChild } from './ipc';
import type { clientsApi } from './socket-clients';
import type { serverApi, StartOptions } from './server-process';
import { sleep } from './stats';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Stack {
  url: string;
  kind: string;
  token: string;
  server: Child<typeof serverApi>;
  clients: ClientProcess[];
  /** Sockets actually connected (failures are reported, not hidden). */
  sockets: number;
  failed: number;
  stop(): Promise<void>;
}

/** Node 20 has a WebSocket client only behind a flag; later versions have it by default. */
const websocketFlag = typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [];

/** What serves the benchmark: the product, or the floor it is measured against (bench/floor/). */
export type Implementation = 'product' | 'floor';

export async function startServer(
  options: StartOptions & { implementation?: Implementation },
): Promise<{ server: Child<typeof serverApi>; url: string; kind: string }> {
  const execArgv = ['--expose-gc'];
  // BENCH_PROFILE=dir writes a .cpuprofile of each server process there (open it in Chrome DevTools).
  if (process.env.BENCH_PROFILE) execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(process.cwd(), process.env.BENCH_PROFILE)}`);
  const file = options.implementation === 'floor' ? 'floor/server-process.ts' : 'support/server-process.ts';
  const server = spawnChild<typeof serverApi>(file, {
    env: { TEST_DATABASE_URL: PG_URL },
    execArgv,
    silent: true,
  });
  try {
    const { url, kind } = await server.call('start', options);
    return { server, url, kind };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export type ClientProcess = Child<typeof clientsApi>;

export function spawnClients(processes: number): ClientProcess[] {
  return Array.from({ length: processes }, () => spawnChild<typeof clientsApi>('support/socket-clients.ts', { execArgv: websocketFlag }));
}

/** Opens `count` more sockets, shared evenly among the client processes. */
export async function openSockets(clients: ClientProcess[], url: string, token: string, count: number, group = 'default'): Promise<{ opened: number; failed: number }> {
  const results = await Promise.all(
    clients.map((client, i) => {
      const share = Math.floor(count / clients.length) + (i < count % clients.length ? 1 : 0);
      return share === 0 ? Promise.resolve({ opened: 0, failed: 0 }) : client.call('open', { url, token, count: share, concurrency: 50, group }, 600_000);
    }),
  );
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const firstError = results.find((r): r is typeof r & { error: string } => 'error' in r && typeof r.error === 'string')?.error;
  if (firstError) process.stderr.write(`  ${failed} sockets failed to connect, e.g. ${firstError}\n`);
  return { opened: count - failed, failed };
}

export async function stopClients(clients: ClientProcess[]): Promise<void> {
  await Promise.all(clients.map((c) => c.call('close', undefined).catch(() => undefined)));
  await Promise.all(clients.map((c) => c.stop()));
}

/** A store chain's sockets: `admins` admins, and `staffPerStore` staff of each of the first `stores` STORES. */
export interface ChainShape {
  admins: number;
  staffPerStore: number;
  stores: number;
}

/** The chain: each call reaches the 20 staff of the store dialled and the 10 admins. */
export const CHAIN: ChainShape = { admins: 10, staffPerStore: 20, stores: STORES.length };

/** Opens a chain's sockets (its admins in group 'admin', each store's staff in the store's code); resolves with those connected. */
async function openChain(clients: ClientProcess[], url: string, adminToken: string, chain: ChainShape): Promise<number> {
  let opened = (await openSockets(clients, url, adminToken, chain.admins, 'admin')).opened;
  for (const store of STORES.slice(0, chain.stores)) {
    const token = await login(url, storeStaff(store.code));
    opened += (await openSockets(clients, url, token, chain.staffPerStore, store.code)).opened;
  }
  return opened;
}

/**
 * Server + sockets spread over `processes` client processes: `sockets` admins (group 'default'),
 * or a chain's admins and staff.
 */
export async function startStack(
  options: StartOptions & { implementation?: Implementation; processes: number } & ({ sockets: number } | { chain: ChainShape }),
): Promise<Stack> {
  const { server, url, kind } = await startServer(options);
  const chain = 'chain' in options ? options.chain : undefined;
  const total = 'chain' in options ? options.chain.admins + options.chain.stores * options.chain.staffPerStore : options.sockets;
  const clients = spawnClients(Math.max(1, Math.min(options.processes, total)));
  const stop = async () => {
    await stopClients(clients);
    await server.call('stop', undefined).catch(() => undefined);
    await server.stop(5_000);
  };
  let token: string;
  let sockets: number;
  try {
    token = await login(url);
    sockets = chain ? await openChain(clients, url, token, chain) : (await openSockets(clients, url, token, total)).opened;
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, kind, token, server, clients, sockets, failed: total - sockets, stop };
}

/** Waits until the clients stop receiving (the fan-out backlog of a load run has drained), at most limitMs. */
export async function drained(clients: ClientProcess[], limitMs = 30_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  let last = -1;
  for (;;) {
    const stats = await Promise.all(clients.map((c) => c.call('stats', { forget: false })));
    const events = stats.reduce((n, s) => n + s.events, 0);
    if (events === last || Date.now() > deadline) return events;
    last = events;
    await sleep(300);
  }
}
