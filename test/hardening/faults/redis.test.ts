/**
 * Redis lost between two nodes (a private redis-server, killed and restarted; the shared one is
 * never touched): each node keeps popping calls up on its own sockets, /readyz stays ready and
 * says Redis failed, and cross-node delivery comes back by itself when Redis does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingCallPayload } from '../../../common/calls';
import { type ClientSocket, WEBHOOK_SECRET } from '../../support/app';
import { dialpadCall, deliverJwt } from '../../support/dialpad';
import { type ServerProcess, startServer } from '../../support/processes';
import { eventually, type PrivatePostgres, type PrivateRedis, privateRedis, startPrivatePostgres } from './processes';

const ADMIN = { email: 'redis-fault@example.jp', password: 'redis-fault-password' };

interface Readiness {
  status?: string;
  checks?: Record<string, string>;
}
const readiness = async (url: string): Promise<{ code: number; body: Readiness }> => {
  const res = await fetch(`${url}/readyz`);
  return { code: res.status, body: (await res.json()) as Readiness };
};

describe('Redis down between two nodes', () => {
  let cluster: PrivatePostgres;
  let redis: PrivateRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: ClientSocket[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-redis-fault-'));

  beforeAll(async () => {
    [cluster, redis] = await Promise.all([startPrivatePostgres(), privateRedis()]);
    await redis.start();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE nodes');
    await admin.end();
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: cluster.url('nodes'),
      REDIS_URL: `${redis.url}?prefix=cti-fault-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: 'redis-fault-jwt-secret-which-is-long-enough-0123',
      DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    };
    // One after the other: the first creates the admin, the second finds it.
    a = await startServer(env);
    b = await startServer(env);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function adminSocket(url: string): Promise<{ socket: ClientSocket; seen: IncomingCallPayload[] }> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { token } = (await res.json()) as { token: string };
    const socket: ClientSocket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const seen: IncomingCallPayload[] = [];
    socket.on('incoming_call', (p) => seen.push(p));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, seen };
  }

  const arrives = (seen: IncomingCallPayload[], call: Record<string, unknown>) => () => seen.some((p) => p.callId === String(call.call_id));

  it('keeps each node serving its own sockets, says so on /readyz, and joins up again when Redis returns', async () => {
    const onA = await adminSocket(a.url);
    const onB = await adminSocket(b.url);
    let drops = 0;
    for (const { socket } of [onA, onB]) socket.on('disconnect', () => (drops += 1));

    const before = dialpadCall();
    expect((await deliverJwt(a.url, before)).status).toBe(200);
    await eventually('a call taken by A reaches B through Redis', arrives(onB.seen, before));

    await redis.stop();
    for (const node of [a, b]) {
      await eventually('/readyz reports Redis failed', async () => ['failed', 'timeout'].includes((await readiness(node.url)).body.checks?.redis ?? ''));
      // Still ready: the load balancer must not take every node out at once for a shared dependency.
      expect(await readiness(node.url)).toMatchObject({ code: 200, body: { status: 'ready', checks: { database: 'ok' } } });
    }

    const toA = dialpadCall();
    const toB = dialpadCall();
    expect((await deliverJwt(a.url, toA)).status).toBe(200);
    expect((await deliverJwt(b.url, toB)).status).toBe(200);
    await eventually('A pops its call up on its own socket', arrives(onA.seen, toA));
    await eventually('B pops its call up on its own socket', arrives(onB.seen, toB));
    expect(drops).toBe(0);

    await redis.start();
    for (const node of [a, b]) await eventually('/readyz reports Redis ok again', async () => (await readiness(node.url)).body.checks?.redis === 'ok');
    // Cross-node delivery resumes by itself; calls keep coming until one crosses (bounded).
    const crossed: Record<string, unknown>[] = [];
    await eventually(
      'a call taken by A reaches B again',
      async () => {
        const call = dialpadCall();
        crossed.push(call);
        expect((await deliverJwt(a.url, call)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return crossed.some((c) => arrives(onB.seen, c)());
      },
      30_000,
    );
    expect(drops).toBe(0);
  }, 180_000);
});
