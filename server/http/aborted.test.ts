import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/database';
import { dialpadCall, dialpadJwt } from '../../test/support/dialpad';
import { buildUser } from '../../test/support/factories';
import { eventually } from '../../test/support/processes';
import { buildApp } from '../app';
import { signToken } from '../auth/tokens';
import { loadConfig } from '../config';
import { loggerOptions } from './logger';


/** The value of one sample in Prometheus text (0 when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']));
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) return Number(match[3]);
  }
  return 0;
}

/**
 * A client that hangs up (or is cut off) mid-body is not an outage: it is logged at debug, counted
 * in cti_http_requests_aborted_total, and never answers 503 nor moves the "database down" alert's
 * counter (cti_call_events_total{result="failed"}).
 */
describe('requests the client aborts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-aborted-'));
  const lines: string[] = [];
  let app: FastifyInstance;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let port = 0;
  let url = '';

  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  const failed = async () => sample(await scrape(), 'cti_call_events_total', { state: 'unknown', result: 'failed' });
  const aborted = async (route: string) => sample(await scrape(), 'cti_http_requests_aborted_total', { route });
  /** Log lines at error level or above (pino: 50 error, 60 fatal). */
  const errorLines = () => lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  /** Sends the head and the first half of a body, then destroys the connection without waiting for an answer. */
  async function hangUpMidBody(path: string, headers: Record<string, string>, body: string): Promise<void> {
    const socket: Socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const head = Object.entries({ host: 'x', 'content-length': String(Buffer.byteLength(body)), ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`POST ${path} HTTP/1.1\r\n${head.join('')}\r\n${body.slice(0, Math.floor(body.length / 2))}`);
    socket.destroy();
  }

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      JWT_SECRET: 'aborted-jwt-secret-0123456789abcdefghijklmn',
      DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LOG_LEVEL: 'debug',
      HTTP_BODY_TIMEOUT_MS: '300',
    });
    database = await openTestDatabase();
    const stream = { write: (line: string) => void lines.push(line) };
    app = await buildApp({ config, database, logger: { ...loggerOptions(config), stream } });
    // Stands in for authenticate waiting on a busy database: the client is gone before its body is read at all.
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-test-hold'] !== undefined) await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts half a webhook body apart from storage failures, and logs it below error', async () => {
    const jwt = await dialpadJwt(dialpadCall());
    await hangUpMidBody('/api/dialpad/webhook', { 'content-type': 'text/plain' }, jwt);
    await eventually('the aborted webhook is counted', async () => (await aborted('/api/dialpad/webhook')) === 1);

    expect(await failed()).toBe(0);
    expect(errorLines()).toEqual([]);
    expect(lines.some((line) => /client closed the request/.test(line) && (JSON.parse(line) as { level: number }).level === 20)).toBe(true);
    // The server still takes the full delivery.
    const res = await fetch(`${url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: jwt });
    expect(res.status).toBe(200);
  });

  it('counts half a JSON body to a signed-in route the same way', async () => {
    const user = await buildUser(database.db, { role: 'admin' });
    const token = await signToken(app.config.jwtSecret, { sub: user.id, role: user.role });
    const body = JSON.stringify({ name: '山田 花子', nameKana: 'ヤマダ ハナコ', phones: ['090-1234-5678'], notes: 'x'.repeat(2000) });
    await hangUpMidBody('/api/customers', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body);
    await hangUpMidBody('/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ email: user.email, password: user.password }));
    await eventually('both aborted requests are counted', async () => (await aborted('/api/customers')) === 1 && (await aborted('/api/auth/login')) === 1);

    expect(await failed()).toBe(0);
    expect(errorLines()).toEqual([]);
    const res = await fetch(`${url}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    expect(res.status).toBe(201);
    // A request that arrived in full is not counted, however its connection ends.
    expect(await aborted('/api/customers')).toBe(1);
  });

  it('counts a client gone before its body was even being read, which fails nothing', async () => {
    const user = await buildUser(database.db, { role: 'staff' });
    const token = await signToken(app.config.jwtSecret, { sub: user.id, role: user.role });
    const body = JSON.stringify({ body: '折り返し希望', pinned: false });
    await hangUpMidBody(`/api/customers/${user.id}/memos`, { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-test-hold': '1' }, body);
    await eventually('the request is counted', async () => (await aborted('/api/customers/:id/memos')) === 1);

    expect(await failed()).toBe(0);
    expect(errorLines()).toEqual([]);
  });

  it('counts a body our own timeout cut off (the 408 of a trickling sender) as aborted, not as storage down', async () => {
    const socket: Socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('POST /api/dialpad/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\ne');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    await eventually('the timed-out webhook is counted', async () => (await aborted('/api/dialpad/webhook')) === 2);

    expect(await failed()).toBe(0);
    expect(errorLines()).toEqual([]);
  });
});
