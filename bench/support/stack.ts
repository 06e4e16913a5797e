/** Starts the server under test and its socket clients, each in their own process. */
import { join } from 'node:path';
import { IDLE_STAFF, login } from './calls';
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

/** Who the sockets are: admins (every call reaches each) or staff of a store no call dials (none does). */
export type Audience = 'admin' | 'idle-staff';

/** Server + `sockets` sockets spread over `processes` client processes. */
export async function startStack(
  options: StartOptions & { implementation?: Implementation; sockets: number; processes: number; audience?: Audience },
): Promise<Stack> {
  const { server, url, kind } = await startServer(options);
  const token = options.audience === 'idle-staff' ? await login(url, IDLE_STAFF) : await login(url);
  const clients = spawnClients(Math.max(1, Math.min(options.processes, options.sockets)));
  const { opened, failed } = await openSockets(clients, url, token, options.sockets);
  return {
    url,
    kind,
    token,
    server,
    clients,
    sockets: opened,
    failed,
    async stop() {
      await stopClients(clients);
      await server.call('stop', undefined).catch(() => undefined);
      await server.stop(5_000);
    },
  };
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
