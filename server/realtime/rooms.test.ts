/**
 * A socket's rooms come from its user as the database holds them now, on every connection: a
 * socket that drops and resumes after its user moved store, was demoted or disabled gets no pop it
 * may no longer see, neither replayed from the gap nor sent afterwards. The changes here are made
 * straight in the database (no disconnect is sent, the token stays valid), so the resume path itself
 * must check.
 */
import { eq } from 'drizzle-orm';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, waitUntil } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildStore, type StoreFixture } from '../../test/support/factories';

describe('socket rooms on resume', () => {
  let t: TestApp;
  let storeA: StoreFixture;
  let storeB: StoreFixture;
  const open: ClientSocket[] = [];
  const callToA = () => dialpadCall({ internal_number: '+815017611234' });
  const callToB = () => dialpadCall({ internal_number: '+815017621234' });

  beforeAll(async () => {
    t = await startTestApp();
    storeA = await buildStore(t.db, { code: 'room-a', name: 'A店', prefixes: ['0501761'] });
    storeB = await buildStore(t.db, { code: 'room-b', name: 'B店', prefixes: ['0501762'] });
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await t.close();
  });

  /** A connected socket that can drop and come back, resuming its session as the web app's does. */
  async function resumable(token: string): Promise<ClientSocket> {
    const socket: ClientSocket = connectSocket(t.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    open.push(socket);
    // The first heartbeat carries the offset the socket resumes from.
    const offset = new Promise<void>((resolve) => socket.once('heartbeat', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await offset;
    return socket;
  }
  async function drop(socket: ClientSocket): Promise<void> {
    const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await gone;
  }
  function comeBack(socket: ClientSocket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });
  }
  const ids = (calls: Record<string, unknown>[]) => calls.map((c) => String(c.call_id));

  it("moves a resumed staff socket to its user's new store: B's calls arrive, A's do not, not even those of the gap", async () => {
    const staff = await t.signIn({ role: 'staff', store: storeA });
    const socket = await resumable(staff.token);
    const seen = collectEvents(socket, 'incoming_call');
    await drop(socket);
    await t.db.update(users).set({ storeId: storeB.id }).where(eq(users.id, staff.id));
    const duringGap = callToA();
    expect((await deliverJwt(t.url, duringGap)).status).toBe(200);
    await comeBack(socket);

    const laterA = callToA();
    const laterB = callToB();
    await deliverJwt(t.url, laterA);
    await deliverJwt(t.url, laterB);
    // Published in order: once B's call is here, A's would be too.
    await waitUntil(() => seen.some((p) => p.callId === String(laterB.call_id)));
    expect(seen.map((p) => p.callId)).toEqual(ids([laterB]));
  });

  it("stops an admin demoted to staff from receiving other stores' pops after a resume", async () => {
    const admin = await t.signIn({ role: 'admin' });
    const other = await t.signIn({ role: 'admin' }); // the last admin must stay: this one does
    expect(other.id).not.toBe(admin.id);
    const socket = await resumable(admin.token);
    const seen = collectEvents(socket, 'incoming_call');
    await drop(socket);
    await t.db.update(users).set({ role: 'staff', storeId: storeB.id }).where(eq(users.id, admin.id));
    await comeBack(socket);

    const toA = callToA();
    const toB = callToB();
    await deliverJwt(t.url, toA);
    await deliverJwt(t.url, toB);
    await waitUntil(() => seen.some((p) => p.callId === String(toB.call_id)));
    expect(seen.map((p) => p.callId)).toEqual(ids([toB]));
  });

  it('still resumes, with what it missed, a socket whose user kept their rooms', async () => {
    const staff = await t.signIn({ role: 'staff', store: storeA });
    const socket = await resumable(staff.token);
    const seen = collectEvents(socket, 'incoming_call');
    await drop(socket);
    const missed = callToA();
    await deliverJwt(t.url, missed);
    await comeBack(socket);
    expect(socket.recovered).toBe(true);
    await waitUntil(() => seen.length > 0);
    expect(seen.map((p) => p.callId)).toEqual(ids([missed]));
  });

  it("refuses a disabled user's resumed socket", async () => {
    const staff = await t.signIn({ role: 'staff', store: storeA });
    const socket = await resumable(staff.token);
    await drop(socket);
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, staff.id));
    await expect(comeBack(socket)).rejects.toThrow('unauthorized');
  });

  it("moves or closes connected sockets whose user changed without a disconnect (the CLI, or Redis down), on the next re-check", async () => {
    const moved = await t.signIn({ role: 'staff', store: storeA });
    const disabled = await t.signIn({ role: 'staff', store: storeA });
    const movedSocket = await t.socket(moved.token);
    const disabledSocket = await t.socket(disabled.token);
    const seen = collectEvents(movedSocket, 'incoming_call');
    const gone = new Promise<string>((resolve) => disabledSocket.once('disconnect', resolve));
    await t.db.update(users).set({ storeId: storeB.id }).where(eq(users.id, moved.id));
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));

    await t.app.realtime.recheck();
    expect(await gone).toBe('io server disconnect');
    const toA = callToA();
    const toB = callToB();
    await deliverJwt(t.url, toA);
    await deliverJwt(t.url, toB);
    await waitUntil(() => seen.some((p) => p.callId === String(toB.call_id)));
    expect(seen.map((p) => p.callId)).toEqual(ids([toB]));
  });
});
