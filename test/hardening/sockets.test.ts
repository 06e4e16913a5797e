/**
 * Sockets under the failures staff meet: a network drop under two minutes loses nothing and
 * duplicates nothing; a thousand screens reconnecting at once all recover; a disabled user is cut
 * off at once; an expired or revoked sign-in is refused, also when a dropped socket resumes.
 */
import { eq } from 'drizzle-orm';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../server/auth/tokens';
import { users } from '../../server/db/schema';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, waitUntil } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { buildStore, type StoreFixture } from '../support/factories';
import { FULL } from './support';

/** 1,000 sockets with HARDENING_FULL=1; 200 in the default run, to keep `npm test` light on two cores. */
const STORM = FULL ? 1_000 : 200;

describe('sockets', () => {
  let t: TestApp;
  let store: StoreFixture;
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'sock', name: 'ソケット店', prefixes: ['0501748'] });
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await t.close();
  });

  /** A socket that reconnects by itself, as the web app's does. */
  function client(token: string, options: { reconnection: boolean; delayMs?: number }): ClientSocket {
    const socket: ClientSocket = connectSocket(t.url, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: options.reconnection,
      reconnectionDelay: options.delayMs ?? 1_000,
      reconnectionDelayMax: options.delayMs ?? 1_000,
    });
    open.push(socket);
    return socket;
  }
  const connected = (s: ClientSocket) => new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  const dropped = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', resolve));

  it('delivers every event missed during a short drop exactly once, and nothing twice', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const socket = client(token, { reconnection: false });
    await connected(socket);
    const popups = collectEvents(socket, 'incoming_call');
    const updates = collectEvents(socket, 'call_updated');

    const before = dialpadCall();
    await deliverJwt(t.url, before);
    await waitUntil(() => popups.length === 1);

    const gone = dropped(socket);
    socket.io.engine.close();
    await gone;
    const missed = Array.from({ length: 5 }, () => dialpadCall());
    for (const call of missed) {
      expect((await deliverJwt(t.url, call)).status).toBe(200);
      const ended = (call.event_timestamp as number) + 1;
      expect((await deliverJwt(t.url, { ...call, state: 'hangup', date_ended: ended, event_timestamp: ended })).status).toBe(200);
    }
    socket.connect();
    await connected(socket);
    expect(socket.recovered).toBe(true);

    // A call after the return: once it is here, everything sent before it is here too.
    const after = dialpadCall();
    await deliverJwt(t.url, after);
    await waitUntil(() => popups.some((p) => p.callId === String(after.call_id)));
    const ids = (calls: Record<string, unknown>[]) => calls.map((c) => String(c.call_id));
    expect(popups.map((p) => p.callId)).toEqual(ids([before, ...missed, after]));
    expect(updates.map((u) => `${u.callId}:${u.state}`)).toEqual(ids(missed).map((id) => `${id}:missed`));
  });

  it(`recovers a reconnect storm: ${STORM} sockets drop at once and each gets the call made meanwhile, once`, async () => {
    const { token } = await t.signIn({ role: 'staff', store });
    const sockets: ClientSocket[] = [];
    // Connected in waves of 50, as browsers of a chain coming online would be: a fair, bounded start.
    for (let i = 0; i < STORM; i += 50) {
      const wave = Array.from({ length: Math.min(50, STORM - i) }, () => client(token, { reconnection: true, delayMs: 1_500 }));
      await Promise.all(wave.map(connected));
      sockets.push(...wave);
    }
    const seen = sockets.map((s) => collectEvents(s, 'incoming_call'));
    // The next `connect` is the reconnection; `recovered` says whether the session was resumed.
    const back = sockets.map((s) => new Promise<boolean>((resolve) => s.once('connect', () => resolve(s.recovered))));

    const allDropped = Promise.all(sockets.map(dropped));
    for (const s of sockets) s.io.engine.close();
    await allDropped;
    const call = dialpadCall();
    expect((await deliverJwt(t.url, call)).status).toBe(200);

    const recovered = await Promise.all(back);
    expect(recovered.filter((r) => !r)).toHaveLength(0);
    await waitUntil(() => seen.every((list) => list.length > 0));
    expect(seen.filter((list) => list.length !== 1 || list[0]!.callId !== String(call.call_id))).toEqual([]);
    for (const s of sockets) s.disconnect();
  }, 120_000);

  it("drops every socket of a user at once when an admin disables them, and refuses the token afterwards", async () => {
    const admin = await t.signIn({ role: 'admin' });
    const staff = await t.signIn({ role: 'staff', store });
    const sockets = [client(staff.token, { reconnection: false }), client(staff.token, { reconnection: false }), client(staff.token, { reconnection: false })];
    await Promise.all(sockets.map(connected));
    const reasons = Promise.all(sockets.map(dropped));
    const res = await t.request('PATCH', `/api/users/${staff.id}`, admin.token, { disabled: true });
    expect(res.status).toBe(200);
    expect(await reasons).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect']);
    await expect(t.socket(staff.token)).rejects.toThrow('unauthorized');
    const me = await t.request('GET', '/api/auth/me', staff.token);
    expect(me.status).toBe(403);
  });

  it('moves a staff member to another store: their sockets are dropped, the old sign-in ends, and a new one is in the new store only', async () => {
    const admin = await t.signIn({ role: 'admin' });
    const other = await buildStore(t.db, { code: 'sock2', name: '別店', prefixes: ['0501749'] });
    const staff = await t.signIn({ role: 'staff', store });
    const socket = client(staff.token, { reconnection: false });
    await connected(socket);
    const gone = dropped(socket);
    await t.request('PATCH', `/api/users/${staff.id}`, admin.token, { storeCode: other.code });
    expect(await gone).toBe('io server disconnect');
    await expect(t.socket(staff.token)).rejects.toThrow('unauthorized');
    const login = await t.request<{ token: string }>('POST', '/api/auth/login', undefined, { email: staff.email, password: staff.password });
    const again = await t.socket(login.body.token);
    const seen = collectEvents(again, 'incoming_call');
    const oldStoreCall = dialpadCall();
    await deliverJwt(t.url, oldStoreCall);
    const newStoreCall = dialpadCall({ internal_number: '+815017491234' });
    await deliverJwt(t.url, newStoreCall);
    await waitUntil(() => seen.length > 0);
    expect(seen.map((p) => p.callId)).toEqual([String(newStoreCall.call_id)]);
  });

  it('refuses an expired token, and a sign-in revoked or expired while the socket was away, even on recovery', async () => {
    const { id } = await t.signIn({ role: 'admin' });
    const expired = await signToken(t.config.jwtSecret, { sub: id, role: 'admin' }, -1);
    await expect(t.socket(expired)).rejects.toThrow('unauthorized');

    // Disabled straight in the database (no disconnect is sent): the drop-and-resume path must check.
    const revoked = await t.signIn({ role: 'admin' });
    const socket = client(revoked.token, { reconnection: false });
    await connected(socket);
    const gone = dropped(socket);
    socket.io.engine.close();
    await gone;
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, revoked.id));
    const refused = new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.connect();
    expect((await refused).message).toBe('unauthorized');

    // A token that expires while its socket is away: the resumed session is refused too.
    const shortLived = await signToken(t.config.jwtSecret, { sub: id, role: 'admin' }, 3);
    const brief = client(shortLived, { reconnection: false });
    await connected(brief);
    const away = dropped(brief);
    brief.io.engine.close();
    await away;
    const exp = (JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    // Waits on the clock for the expiry itself (jose compares whole seconds), bounded by the 3 s lifetime.
    while (Date.now() < (exp + 1) * 1000) await new Promise((resolve) => setTimeout(resolve, 100));
    const late = new Promise<Error>((resolve) => brief.once('connect_error', resolve));
    brief.connect();
    expect((await late).message).toBe('unauthorized');
  });
});
