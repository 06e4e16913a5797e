/**
 * Two real server processes on two ports, sharing one PostgreSQL database and one Redis: what one
 * node takes in reaches sockets on the other, and a socket that drops from one node and comes back
 * on the other gets what it missed. Each run uses its own database and its own Redis key prefix.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { eventually } from '../support/processes';
import { Balancer, type Cluster, callsOn, REDIS_URL, startCluster, redisKeys } from './support';

const prefix = `cti-test-${randomBytes(6).toString('hex')}`;

describe('two nodes behind Redis', () => {
  let cluster: Cluster;
  const redis = createClient({ url: REDIS_URL });
  const balancers: Balancer[] = [];
  const a = () => cluster.nodes[0]!;
  const b = () => cluster.nodes[1]!;

  beforeAll(async () => {
    await redis.connect();
    cluster = await startCluster(2, `${REDIS_URL}?prefix=${prefix}`);
    // Each node starts reading the stream once its Redis clients connect: wait until a call taken by
    // A shows on B, so the tests below start from a joined cluster rather than racing its start.
    const seen = callsOn(await cluster.socket(b().url));
    await eventually('node B receives what node A publishes', async () => {
      await deliverJwt(a().url, dialpadCall());
      await new Promise((resolve) => setTimeout(resolve, 200));
      return seen.length > 0;
    });
  });

  afterAll(async () => {
    for (const balancer of balancers) await balancer.close();
    await cluster?.stop();
    if (redis.isOpen) {
      const keys = await redisKeys(redis, `${prefix}:*`);
      if (keys.length > 0) await redis.del(keys);
      redis.destroy();
    }
  });

  it('delivers a webhook taken by node A to a socket on node B', async () => {
    const seen = callsOn(await cluster.socket(b().url));
    const call = dialpadCall();
    expect((await deliverJwt(a().url, call)).status).toBe(200);
    await eventually('the call reaches B', () => seen.some((p) => p.callId === String(call.call_id)));
    expect(seen.filter((p) => p.callId === String(call.call_id))).toHaveLength(1);
  });

  it('gives a socket that dropped from node B and came back on node A what it missed, once', async () => {
    const balancer = new Balancer(b().port);
    balancers.push(balancer);
    const socket: ClientSocket = connectSocket(await balancer.listen(), {
      auth: { token: cluster.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    // The first heartbeat carries the offset the socket will resume from.
    const resumable = new Promise<void>((resolve) => socket.once('heartbeat', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await resumable;
    const seen = callsOn(socket);
    const sessionKeys = () => redisKeys(redis, `${prefix}:sio:session:*`);
    const before = new Set(await sessionKeys());

    // The connection drops (not a clean disconnect); B keeps the session in Redis for two minutes.
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await dropped;
    await eventually('node B stores the session', async () => (await sessionKeys()).some((k) => !before.has(k)));

    const missed = dialpadCall();
    expect((await deliverJwt(a().url, missed)).status).toBe(200);

    // The balancer now sends the reconnection to node A.
    balancer.routeTo(a().port);
    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(socket.recovered).toBe(true);

    // A later call marks the end of the stream: once it is here, any duplicate of the missed one would be too.
    const later = dialpadCall();
    expect((await deliverJwt(b().url, later)).status).toBe(200);
    await eventually('the later call arrives', () => seen.some((p) => p.callId === String(later.call_id)));
    expect(seen.map((p) => p.callId)).toEqual([String(missed.call_id), String(later.call_id)]);
    socket.disconnect();
  });
});
