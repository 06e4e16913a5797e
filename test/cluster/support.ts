import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connectSocket } from 'socket.io-client';
import type { IncomingCallPayload } from '../../common/calls';
import { type ClientSocket, WEBHOOK_SECRET } from '../support/app';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The PostgreSQL server the suite runs on: CI and this machine always have one. */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on right now (the OS picks it; we close and hand it to a child). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A new, empty database on the server, and a way to drop it. */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cti_cluster_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: SERVER_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface Node {
  url: string;
  port: number;
  /** What the process printed, for the failure message when it does not come up. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `server/index.ts` as its own process, the way `npm start` does, and waits until /healthz answers. */
export async function startNode(port: number, env: Record<string, string>): Promise<Node> {
  // node --import tsx (not the tsx CLI) so the pid we hold is the server itself, not a wrapper.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const node: Node = {
    url,
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  // Bounded: a node that cannot start fails the suite with its own output instead of hanging it.
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) return node;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await node.stop();
  throw new Error(`node on port ${port} did not start:\n${output}`);
}

/**
 * A TCP load balancer in miniature: forwards every new connection to the current target, so a test
 * can send a client's reconnection to another node the way a real balancer does after a node drops.
 */
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

/** Polls until the condition holds; bounded so a broken cluster fails with a message instead of hanging. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ADMIN = { email: 'cluster-admin@example.jp', password: 'cluster-admin-password' };

export interface Cluster {
  nodes: Node[];
  /** An admin's token, from /api/auth/login. */
  token: string;
  /** A connected socket (closed by stop()). */
  socket(url: string): Promise<ClientSocket>;
  stop(): Promise<void>;
}

/** `count` server processes on one fresh database, all with this REDIS_URL. */
export async function startCluster(count: number, redisUrl: string): Promise<Cluster> {
  const database = await scratchDatabase();
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
  const started = await Promise.allSettled(ports.map((port) => startNode(port, env)));
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
