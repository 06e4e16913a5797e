/**
 * Each node holds stores, their prefixes and the Dialpad-user links in memory (server/calls/directory.ts).
 * Two real server processes on one PostgreSQL database: an admin's change saved through node B is
 * what the very next call taken by node A is filed under, with no wait in between.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingCallPayload } from '../../common/calls';
import { io as connectSocket } from 'socket.io-client';
import type { ClientSocket } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { eventually } from '../support/processes';
import { type Cluster, callsOn, REDIS_URL, redisKeys, startCluster } from './support';

const prefix = `cti-test-${randomBytes(6).toString('hex')}`;

describe('the store and user directory on two nodes', () => {
  let cluster: Cluster;
  const redis = createClient({ url: REDIS_URL });
  const a = () => cluster.nodes[0]!;
  const b = () => cluster.nodes[1]!;
  let onA: IncomingCallPayload[];

  /** An admin's request to node B, answered before the next step. */
  async function onB(method: string, path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${b().url}${path}`, {
      method,
      headers: { authorization: `Bearer ${cluster.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.status === 204 ? null : res.json();
  }

  /** A call to this number taken by node A: the popup its admin socket gets. */
  async function callOnA(internalNumber: string, target?: Record<string, unknown>): Promise<IncomingCallPayload> {
    const call = dialpadCall({ internal_number: internalNumber, ...(target ? { target } : {}) });
    expect((await deliverJwt(a().url, call)).status).toBe(200);
    await eventually('node A pops the call up', () => onA.some((p) => p.callId === String(call.call_id)));
    return onA.find((p) => p.callId === String(call.call_id))!;
  }

  beforeAll(async () => {
    await redis.connect();
    cluster = await startCluster(2, `${REDIS_URL}?prefix=${prefix}`);
    onA = callsOn(await cluster.socket(a().url));
    await onB('POST', '/api/stores', { code: 'dir-east', name: '東口店', phonePrefixes: ['0501748'] });
    await onB('POST', '/api/stores', { code: 'dir-west', name: '西口店', phonePrefixes: ['0501749'] });
  });

  afterAll(async () => {
    await cluster?.stop();
    if (redis.isOpen) {
      const keys = await redisKeys(redis, `${prefix}:*`);
      if (keys.length > 0) await redis.del(keys);
      redis.destroy();
    }
  });

  it('files the next call on node A under a prefix moved, a store renamed or deleted on node B', async () => {
    // Node A has loaded its directory: the call finds the store as it was.
    expect((await callOnA('+815017481234')).store).toEqual({ code: 'dir-east', name: '東口店' });

    await onB('PATCH', '/api/stores/dir-east', { phonePrefixes: ['0501740'] });
    await onB('PATCH', '/api/stores/dir-west', { name: '西口駅前店', phonePrefixes: ['0501749', '0501748'] });
    expect((await callOnA('+815017481234')).store).toEqual({ code: 'dir-west', name: '西口駅前店' });
    expect((await callOnA('+815017401234')).store).toEqual({ code: 'dir-east', name: '東口店' });

    // A store deleted on B no longer takes its calls on A.
    await onB('POST', '/api/stores', { code: 'dir-gone', name: '閉店', phonePrefixes: ['0501741'] });
    expect((await callOnA('+815017411234')).store?.code).toBe('dir-gone');
    await onB('DELETE', '/api/stores/dir-gone', undefined);
    expect((await callOnA('+815017411234')).store).toBeNull();
  });

  it('rings the staff member whose Dialpad user was linked on node B, whatever store the call is for', async () => {
    const email = `dir-linked-${randomBytes(4).toString('hex')}@example.jp`;
    const password = 'linked-staff-password-1';
    const user = (await onB('POST', '/api/users', { email, password, name: '連携 花子', role: 'staff', storeCode: 'dir-west' })) as { id: string };
    const login = await fetch(`${a().url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const { token } = (await login.json()) as { token: string };
    const staff: ClientSocket = connectSocket(a().url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => staff.once('connect', resolve).once('connect_error', reject));
    const rung = callsOn(staff);
    try {
      // A call for another store, ringing Dialpad user 9001: not hers while she is not linked to it.
      const target = { id: 9001, type: 'user', name: '連携 花子', phone: '+815017991234' };
      await onB('POST', '/api/stores', { code: 'dir-other', name: '別館', phonePrefixes: ['0501799'] });
      const before = await callOnA('+815017991234', target);
      await onB('PATCH', `/api/users/${user.id}`, { dialpadUserId: '9001' });
      const after = await callOnA('+815017991234', target);
      await eventually('her screen pops the call that rings her', () => rung.some((p) => p.callId === after.callId));
      expect(rung.map((p) => p.callId)).toEqual([after.callId]);
      expect(rung.map((p) => p.callId)).not.toContain(before.callId);
    } finally {
      staff.disconnect();
    }
  });
});
