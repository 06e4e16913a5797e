import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';

/** A raw connection to the app, with everything it received and a promise of its closing. */
function open(t: TestApp): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

describe('slow and greedy clients', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No proxy trusted, so the per-address cap applies to this test's own loopback connections.
    t = await startTestApp({ HTTP_BODY_TIMEOUT_MS: '300', MAX_CONNECTIONS_PER_ADDRESS: '3', TRUST_PROXY: 'false' });
  });
  afterAll(async () => t.close());

  it('closes a webhook whose body trickles in with 408, and still answers a body sent at once', async () => {
    const slow = await open(t);
    slow.socket.write('POST /api/dialpad/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\ne');
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);

    const reply = await t.request('POST', '/api/auth/login', undefined, { email: 'nobody@example.jp', password: 'wrong-password-123' });
    expect(reply.status).toBe(401);
  });

  it('lets the CSV import take longer than the body timeout: only the request timeout bounds it', async () => {
    const admin = await t.signIn({ role: 'admin' });
    const csv = Buffer.from('氏名,電話番号\n山田 花子,090-1234-5678\n');
    const upload = await open(t);
    upload.socket.write(
      `POST /api/customers/import?dryRun=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin.token}\r\n` +
        `Content-Type: text/csv\r\nContent-Length: ${csv.length}\r\nConnection: close\r\n\r\n`,
    );
    // Four pieces, each after more than the 300 ms body timeout has passed since the headers.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      upload.socket.write(csv.subarray((i * csv.length) / 4, ((i + 1) * csv.length) / 4));
    }
    await upload.closed;
    expect(upload.received()).toMatch(/^HTTP\/1\.1 200 /);
    upload.socket.destroy();
  });

  it('refuses connections past the cap for one address, and takes them again when one closes', async () => {
    const held = [await open(t), await open(t), await open(t)];
    const extra = await open(t);
    await extra.closed;
    expect(extra.received()).toBe('');

    held[0]!.socket.destroy();
    await held[0]!.closed;
    const next = await open(t);
    next.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await next.closed;
    expect(next.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const c of held) c.socket.destroy();
  });
});
