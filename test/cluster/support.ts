import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import type { createClient } from 'redis';
import { io as connectSocket } from 'socket.io-client';
import type { IncomingCallPayload } from '../../common/calls';
import { type ClientSocket, WEBHOOK_SECRET } from '../support/app';
import { scratchDatabase } from '../support/database';
import { freePort, type ServerProcess, startServer } from '../support/processes';

/** The PostgreSQL server the suite runs on: CI and this machine always have one. */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A TCP load balancer in miniature: forwards every new connection to the current target, so a test
 * can send a client's reconnection to another node the way a real balancer does after a node drops.
 */
/** Every Redis key matching a pattern (the streams adapter's keys live under the test's prefix). */
export async function redisKeys(redis: ReturnType<typeof createClient>, match: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 1000 })) keys.push(...batch);
  return keys;
}

export class Balancer {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  constructor(private target: number) {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      this.open.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  routeTo(port: number): void {
    this.target = port;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const ADMIN = { email: 'cluster-admin@example.jp', password: 'cluster-admin-password' };

export interface Cluster {
  nodes: ServerProcess[];
  /** An admin's token, from /api/auth/login. */
  token: string;
  /** The nodes' shared PostgreSQL database, for changes a test makes behind the API's back. */
  databaseUrl: string;
  /** A connected socket (closed by stop()). */
  socket(url: string): Promise<ClientSocket>;
  stop(): Promise<void>;
}

/** `count` server processes on one fresh database, all with this REDIS_URL. */
export async function startCluster(count: number, redisUrl: string): Promise<Cluster> {
  const database = await scratchDatabase(SERVER_URL, 'cti_cluster');
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-cluster-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    JWT_SECRET: 'cluster-test-jwt-secret-which-is-long-enough-0123',
    DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const started = await Promise.allSettled(ports.map((port) => startServer(env, port)));
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const sockets: ClientSocket[] = [];
  const stop = async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const login = await fetch(`${nodes[0]!.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    nodes,
    token,
    databaseUrl: database.url,
    socket(url) {
      const socket: ClientSocket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    stop,
  };
}

/** Every incoming_call the socket receives from now on. */
export function callsOn(socket: ClientSocket): IncomingCallPayload[] {
  const seen: IncomingCallPayload[] = [];
  socket.on('incoming_call', (payload) => seen.push(payload));
  return seen;
}
