/**
 * Ending a sign-in on two nodes: a disable or a demotion made through node A closes the user's
 * socket on node B at once and node B refuses the earlier token; a socket that drops from one node
 * and resumes on the other gets the rooms its user has now, or is refused when its sign-in ended.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../common/auth';
import type { ClientSocket } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { eventually } from '../support/processes';
import { Balancer, type Cluster, callsOn, REDIS_URL, startCluster, redisKeys } from './support';

const prefix = `cti-test-${randomBytes(6).toString('hex')}`;
const unique = () => randomBytes(4).toString('hex');

describe('ending sign-ins on two nodes', () => {
  let cluster: Cluster;
  const redis = createClient({ url: REDIS_URL });
  const balancers: Balancer[] = [];
  const open: ClientSocket[] = [];
  const a = () => cluster.nodes[0]!;
  const b = () => cluster.nodes[1]!;
  const storeA = `sess-a-${unique()}`;
  const storeB = `sess-b-${unique()}`;
  const callToA = () => dialpadCall({ internal_number: '+815017711234' });
  const callToB = () => dialpadCall({ internal_number: '+815017721234' });

  async function api<T>(url: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A user made through node A and signed in there. */
  async function user(role: 'admin' | 'staff', storeCode: string | null): Promise<{ id: string; token: string }> {
    const email = `${role}-${unique()}@example.jp`;
    const password = `cluster-${unique()}-${unique()}-passphrase`;
    const made = await api<{ id: string }>(a().url, 'POST', '/api/users', cluster.token, { email, password, name: `利用者 ${unique()}`, role, storeCode });
    expect(made.status).toBe(201);
    const login = await api<LoginResponse>(a().url, 'POST', '/api/auth/login', undefined, { email, password });
    expect(login.status).toBe(200);
    return { id: made.body.id, token: login.body.token };
  }

  function socketTo(url: string, token: string): Promise<ClientSocket> {
    const socket: ClientSocket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    open.push(socket);
    // The first heartbeat carries the offset the socket can resume from.
    const resumable = new Promise<void>((resolve) => socket.once('heartbeat', () => resolve()));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => void resumable.then(() => resolve(socket)));
      socket.once('connect_error', reject);
    });
  }
  const dropped = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
  const comeBack = (socket: ClientSocket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });

  async function sql(text: string, values: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await redis.connect();
    cluster = await startCluster(2, `${REDIS_URL}?prefix=${prefix}`);
    for (const [code, prefixes] of [[storeA, ['0501771']], [storeB, ['0501772']]] as const) {
      expect((await api(a().url, 'POST', '/api/stores', cluster.token, { code, name: code, phonePrefixes: prefixes })).status).toBe(201);
    }
    // Each node reads the stream once its Redis clients connect: start from a joined cluster.
    const seen = callsOn(await cluster.socket(b().url));
    await eventually('node B receives what node A publishes', async () => {
      await deliverJwt(a().url, dialpadCall());
      await new Promise((resolve) => setTimeout(resolve, 200));
      return seen.length > 0;
    });
  });

  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    for (const balancer of balancers) await balancer.close();
    await cluster?.stop();
    if (redis.isOpen) {
      const keys = await redisKeys(redis, `${prefix}:*`);
      if (keys.length > 0) await redis.del(keys);
      redis.destroy();
    }
  });

  it("a disable through node A closes the user's socket on node B, and B refuses the token", async () => {
    const staff = await user('staff', storeA);
    const socket = await socketTo(b().url, staff.token);
    const gone = dropped(socket);
    expect((await api(a().url, 'POST', `/api/users/${staff.id}/disable`, cluster.token)).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await api(b().url, 'GET', '/api/auth/me', staff.token)).status).toBe(403);
    await expect(socketTo(b().url, staff.token)).rejects.toThrow('unauthorized');
  });

  it("a demotion through node A closes the admin's socket on node B, and B answers 401 to the earlier token", async () => {
    const admin = await user('admin', null);
    const socket = await socketTo(b().url, admin.token);
    const gone = dropped(socket);
    expect((await api(a().url, 'PATCH', `/api/users/${admin.id}`, cluster.token, { role: 'staff', storeCode: storeA })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await api(b().url, 'GET', '/api/auth/me', admin.token)).status).toBe(401);
    await expect(socketTo(b().url, admin.token)).rejects.toThrow('unauthorized');
  });

  it("a socket that drops from B and resumes on A after its user's store changed gets the new store's calls only", async () => {
    const staff = await user('staff', storeA);
    const balancer = new Balancer(b().port);
    balancers.push(balancer);
    const socket = await socketTo(await balancer.listen(), staff.token);
    const seen = callsOn(socket);
    const gone = dropped(socket);
    socket.io.engine.close();
    await gone;
    // Behind the API's back (as a script or the CLI might): the token stays valid, the rooms must not.
    await sql('UPDATE users SET store_id = (SELECT id FROM stores WHERE code = $1) WHERE id = $2', [storeB, staff.id]);
    expect((await deliverJwt(b().url, callToA())).status).toBe(200);
    balancer.routeTo(a().port);
    await comeBack(socket);

    const toA = callToA();
    const toB = callToB();
    await deliverJwt(b().url, toA);
    await deliverJwt(b().url, toB);
    await eventually("B's call arrives", () => seen.some((p) => p.callId === String(toB.call_id)));
    expect(seen.map((p) => p.callId)).toEqual([String(toB.call_id)]);
  });

  it('a socket that drops from B and tries to resume on A after a store change through the API is refused', async () => {
    const staff = await user('staff', storeA);
    const balancer = new Balancer(b().port);
    balancers.push(balancer);
    const socket = await socketTo(await balancer.listen(), staff.token);
    const gone = dropped(socket);
    socket.io.engine.close();
    await gone;
    expect((await api(a().url, 'PATCH', `/api/users/${staff.id}`, cluster.token, { storeCode: storeB })).status).toBe(200);
    balancer.routeTo(a().port);
    await expect(comeBack(socket)).rejects.toThrow('unauthorized');
  });
});
