import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../auth/tokens';
import { type ClientSocket, collectEvents, nextEvent, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildStore, buildUser } from '../../test/support/factories';

describe('Socket.IO', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await buildStore(t.db, { code: 'matsudo', name: '松戸', prefixes: ['0501750'] });
  });
  afterAll(() => t.close());

  it('refuses a connection without a token, with a bad one, an expired one or a disabled user', async () => {
    await expect(t.socket(undefined)).rejects.toThrow('unauthorized');
    await expect(t.socket('not-a-jwt')).rejects.toThrow('unauthorized');
    const user = await buildUser(t.db, { role: 'admin' });
    await expect(t.socket(await signToken(t.config.jwtSecret, { sub: user.id, role: 'admin' }, -10))).rejects.toThrow('unauthorized');
    const forged = await signToken(new TextEncoder().encode('another-secret-another-secret-1234567'), { sub: user.id, role: 'admin' });
    await expect(t.socket(forged)).rejects.toThrow('unauthorized');
    const disabled = await buildUser(t.db, { role: 'admin', disabled: true });
    await expect(t.socket(await t.tokenFor(disabled.id, 'admin'))).rejects.toThrow('unauthorized');
  });

  it('refuses a browser from a foreign origin', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const socket = connectSocket(t.url, {
      auth: { token },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    expect(error.message).toMatch(/xhr poll error|websocket error|403/i);
  });

  it('sends a call to the Dialpad user it rings, even when that user is staff elsewhere', async () => {
    const otherStore = await buildStore(t.db);
    const rung = await buildUser(t.db, { role: 'staff', store: otherStore, dialpadUserId: '9001' });
    const socket = await t.socket(await t.tokenFor(rung.id));
    const popup = nextEvent(socket, 'incoming_call');
    await deliverJwt(t.url, dialpadCall({ internal_number: '+815017501234', target: { id: 9001, type: 'user', name: 'りん' } }));
    expect(await popup).toMatchObject({ store: { code: 'matsudo' }, agent: { id: '9001', userId: rung.id } });
  });

  it('delivers what a socket missed while it was away for a moment (connection-state recovery)', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const socket: ClientSocket = connectSocket(t.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const seen = collectEvents(socket, 'incoming_call');

    // The network drops (not a deliberate disconnect), a call comes in, then the socket comes back.
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await dropped;
    const event = dialpadCall({ internal_number: '+815017501234' });
    expect((await deliverJwt(t.url, event)).status).toBe(200);
    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    expect(socket.recovered).toBe(true);
    await waitUntil(() => seen.length > 0);
    expect(seen.map((p) => p.callId)).toEqual([String(event.call_id)]);
    socket.disconnect();
  });

  it('drops the sockets of a user who is disabled', async () => {
    const { token: adminToken } = await t.signIn({ role: 'admin' });
    const staff = await t.signIn({ role: 'staff' });
    const socket = await t.socket(staff.token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const res = await t.request('POST', `/api/users/${staff.id}/disable`, adminToken);
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });
});
