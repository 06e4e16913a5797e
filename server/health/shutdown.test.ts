import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_SECRET, type ClientSocket } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/database';
import { dialpadCall, dialpadJwt } from '../../test/support/dialpad';
import { buildUser } from '../../test/support/factories';
import { buildApp } from '../app';
import { signToken } from '../auth/tokens';
import { loadConfig } from '../config';
import { handleSignals, shutdown } from './shutdown';

/** POSTs a webhook whose body arrives in two parts, so the request is in flight when `between` runs. */
function slowWebhook(url: string, body: string, between: () => Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write(body.slice(0, 10));
    between().then(() => req.end(body.slice(10)), reject);
  });
}

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-shutdown-'));
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url: string;
  let webhookSeen: () => void = () => undefined;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: 'test-jwt-secret-which-is-long-enough-0123456789', DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET });
    database = await openTestDatabase();
    app = await buildApp({ config, database, logger: false });
    app.addHook('onRequest', async (request) => {
      if (request.url === '/api/dialpad/webhook') webhookSeen();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the webhook in flight, refuses new ones, tells sockets to reconnect elsewhere, closes the database', async () => {
    const admin = await buildUser(database.db, { role: 'admin' });
    const socket: ClientSocket = connectSocket(url, {
      auth: { token: await signToken(app.config.jwtSecret, { sub: admin.id, role: 'admin' }) },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 50,
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const retried = new Promise<void>((resolve) => socket.io.once('reconnect_attempt', () => resolve()));

    let stopped: Promise<void> | undefined;
    const seen = new Promise<void>((resolve) => (webhookSeen = resolve));
    const status = await slowWebhook(url, await dialpadJwt(dialpadCall()), async () => {
      // Once the delivery is past onRequest (headers read, body still coming), shut down under it.
      await seen;
      stopped = shutdown(app, database);
      expect(app.lifecycle.draining).toBe(true);
    });
    expect(status).toBe(200);
    await stopped;

    // A transport close, not a Socket.IO disconnect: the client reconnects by itself (through the load balancer).
    expect(await reason).toBe('transport close');
    await retried;
    expect(socket.active).toBe(true);
    socket.disconnect();
    await expect(database.ping()).rejects.toThrow();
  });
});

describe('signals', () => {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const listen = () => {
    const listeners = new Map<string, (signal: NodeJS.Signals) => void>();
    return { on: (signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void) => listeners.set(signal, listener), send: (signal: NodeJS.Signals) => listeners.get(signal)?.(signal) };
  };

  it('stops once and exits 0 on SIGTERM', async () => {
    const { on, send } = listen();
    const stop = vi.fn(() => Promise.resolve());
    const exited = new Promise<number>((exit) => handleSignals({ stop, log, exit, on }));
    send('SIGTERM');
    expect(await exited).toBe(0);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('exits 1 at once on a second signal, without waiting for the first stop', async () => {
    const { on, send } = listen();
    const codes: number[] = [];
    const stop = vi.fn(() => new Promise<void>(() => undefined));
    handleSignals({ stop, log, exit: (code) => codes.push(code), on });
    send('SIGINT');
    send('SIGINT');
    expect(codes).toEqual([1]);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when the stop fails or takes too long', async () => {
    const failing = listen();
    const failed = new Promise<number>((exit) => handleSignals({ stop: () => Promise.reject(new Error('db')), log, exit, on: failing.on }));
    failing.send('SIGTERM');
    expect(await failed).toBe(1);

    const hanging = listen();
    const timedOut = new Promise<number>((exit) => handleSignals({ stop: () => new Promise<void>(() => undefined), log, exit, on: hanging.on, timeoutMs: 20 }));
    hanging.send('SIGTERM');
    expect(await timedOut).toBe(1);
  });
});
