/**
 * Redis going away must not take a node down: nodes start without it, keep answering webhooks and
 * serving their own sockets, and join up again when it comes back. The test runs its own
 * redis-server on a free port, so stopping it disturbs nobody else.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { eventually, freePort } from '../support/processes';
import { type Cluster, callsOn, startCluster } from './support';

const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasRedisServer)('a node whose Redis is down', () => {
  let cluster: Cluster;
  let port: number;
  let redis: ChildProcess | undefined;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await eventually('redis-server answers', () =>
      new Promise<boolean>((resolve) => {
        try {
          execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
          resolve(true);
        } catch {
          resolve(false);
        }
      }),
    );
  };
  const stopRedis = async () => {
    if (!redis || redis.exitCode !== null || redis.signalCode !== null) return;
    const exited = once(redis, 'exit');
    redis.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    port = await freePort();
    // Nothing listens on that port yet: both nodes start with Redis down.
    cluster = await startCluster(2, `redis://127.0.0.1:${port}?prefix=outage`);
  });

  afterAll(async () => {
    await cluster?.stop();
    await stopRedis();
  });

  it('starts, answers webhooks and serves its own sockets; joins the others when Redis comes back', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const onA = callsOn(await cluster.socket(a.url));
    const alone = dialpadCall();
    expect((await deliverJwt(a.url, alone)).status).toBe(200);
    await eventually('A delivers to its own socket', () => onA.some((p) => p.callId === String(alone.call_id)));

    // A socket leaving stores its session in Redis: that fails, and must not take the node down.
    (await cluster.socket(a.url)).disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);

    await startRedis();
    const onB = callsOn(await cluster.socket(b.url));
    await eventually('a call taken by A reaches B once Redis is back', async () => {
      await deliverJwt(a.url, dialpadCall());
      await new Promise((resolve) => setTimeout(resolve, 200));
      return onB.length > 0;
    });

    // Redis dies while the nodes run: still a 200, still delivered on A.
    await stopRedis();
    const during = dialpadCall();
    expect((await deliverJwt(a.url, during)).status).toBe(200);
    await eventually('A still delivers to its own socket', () => onA.some((p) => p.callId === String(during.call_id)));
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });
});
