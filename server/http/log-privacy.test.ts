import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/database';
import { dialpadCall, dialpadJwt } from '../../test/support/dialpad';
import { buildCustomer, buildStore, buildUser } from '../../test/support/factories';
import { buildApp } from '../app';
import { type Config, loadConfig } from '../config';
import { loggerOptions } from './logger';

const JWT_SECRET = 'log-privacy-jwt-secret-0123456789abcdefghij';

/** A realistic session at info level, with every log line captured as the operator would see it. */
describe('log privacy at info level', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-logs-'));
  const lines: string[] = [];
  const secrets: string[] = [WEBHOOK_SECRET, JWT_SECRET];
  let app: FastifyInstance;
  let config: Config;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let url: string;

  beforeAll(async () => {
    config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET, DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET, LOG_LEVEL: 'info' });
    database = await openTestDatabase();
    const stream = { write: (line: string) => void lines.push(line) };
    app = await buildApp({ config, database, logger: { ...loggerOptions(config), stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs what happened, with request ids, and no secret, token, password or full phone number', async () => {
    const store = await buildStore(database.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    await buildCustomer(database.db, { name: '山田 花子', phones: ['090-1234-5678'], homeStore: store });
    const admin = await buildUser(database.db, { role: 'admin' });
    secrets.push(admin.password);
    const json = (body: unknown, token?: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

    // Sign in (once wrongly), look at the session, open the popup socket.
    expect((await fetch(`${url}/api/auth/login`, json({ email: admin.email, password: 'wrong-password-123' }))).status).toBe(401);
    const login = await fetch(`${url}/api/auth/login`, json({ email: admin.email, password: admin.password }));
    const { token } = (await login.json()) as { token: string };
    secrets.push(token, 'wrong-password-123');
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/api/auth/me`, { headers: auth })).status).toBe(200);
    const socket = connectSocket(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    // The known customer calls (a real Dialpad JWT), then a forged delivery, then a test call.
    const jwt = await dialpadJwt(dialpadCall({ external_number: '+819012345678', internal_number: '+815017481234' }));
    secrets.push(jwt);
    const incoming = new Promise((resolve) => socket.once('incoming_call', resolve));
    expect((await fetch(`${url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: jwt })).status).toBe(200);
    await incoming;
    const forged = await dialpadJwt(dialpadCall(), 'a-forged-secret-0123456789abcdef');
    secrets.push(forged);
    expect((await fetch(`${url}/api/dialpad/webhook`, { method: 'POST', body: forged })).status).toBe(401);
    expect((await fetch(`${url}/api/dialpad/test-call`, json({ customerPhone: '090-1234-5678', incomingNumber: '05017481234' }, token))).status).toBe(200);

    // Staff look the number up, and mistype one (the error message repeats what was typed).
    expect((await fetch(`${url}/api/customers?phone=09012345678`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/customers?q=%2B81%2090-1234-5678`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/customers`, json({ name: '誤入力', nameKana: 'ゴニュウリョク', phones: ['09012345678x'] }, token))).status).toBe(400);
    socket.disconnect();

    const log = lines.join('');
    for (const secret of secrets) expect(log, 'a secret or token was logged').not.toContain(secret);
    for (const phone of ['09012345678', '+819012345678', '090-1234-5678', '9012345678', '1234-5678']) {
      expect(log, `${phone} was logged`).not.toContain(phone);
    }
    // Still useful: the grep-able messages, the masked caller, the request id on every request's line.
    expect(log).toContain('"msg":"Incoming call"');
    expect(log).toContain('"from":"090-****-5678"');
    expect(log).toContain('"msg":"CTI WebSocket connected"');
    expect(log).toContain('"msg":"signed in"');
    expect(log).toContain('/api/customers?phone=090-****-5678');
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; level: number });
    expect(entries.every((e) => e.level >= 30)).toBe(true);
    const withoutId = entries.filter((e) => !e.reqId && !e.msg.startsWith('Server listening'));
    expect(withoutId).toEqual([]);
  });
});
