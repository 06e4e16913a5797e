import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallUpdatedPayload, IncomingCallPayload } from '../common/calls';
import { type ClientSocket, collectEvents, startTestApp, type TestApp, WEBHOOK_SECRET, waitUntil } from '../test/support/app';
import { eventually, startServer } from '../test/support/processes';
import { cti } from '../test/support/run-cli';

let t: TestApp;
let socket: ClientSocket;
let incoming: IncomingCallPayload[];
let updates: CallUpdatedPayload[];

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.signIn({ role: 'admin' });
  socket = await t.socket(admin.token);
  incoming = collectEvents(socket, 'incoming_call');
  updates = collectEvents(socket, 'call_updated');
});
afterAll(() => t.close());

/** Runs `cti simulate` against the test app and returns what the admin's screen received for that call. */
async function simulate(args: string[], finalState: string) {
  const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--url', t.url, '--no-wait', ...args], {
    DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  expect(result.stderr).not.toContain('cti:');
  expect(result.code).toBe(0);
  const callId = /^call (\d+):/.exec(result.stdout)?.[1];
  expect(callId).toBeDefined();
  await waitUntil(() => updates.some((u) => u.callId === callId && u.state === finalState));
  // Anything sent after the final state would already be here: the server emits before it answers.
  return {
    result,
    callId: callId!,
    incoming: incoming.filter((e) => e.callId === callId),
    updates: updates.filter((u) => u.callId === callId),
    states: updates.filter((u) => u.callId === callId).map((u) => u.state),
  };
}

describe('cti simulate', () => {
  it('sends a signed Dialpad call (JWT body) that pops up once, then is answered and ended', async () => {
    const call = await simulate([], 'ended');
    expect(call.incoming).toHaveLength(1);
    expect(call.incoming[0]).toMatchObject({
      callId: call.callId,
      state: 'ringing',
      customerPhone: '09012345678',
      customerPhoneE164: '+819012345678',
      incomingNumber: '05017481234',
      incomingNumberE164: '+815017481234',
      isTest: false,
    });
    expect(call.states).toEqual(['answered', 'ended']);
    expect(call.result.stdout.trim().split('\n').slice(1)).toEqual([
      '  +0.0s  ringing leg 1 (山田 太郎)  → 200',
      '  +3.0s  connected leg 1 (山田 太郎)  → 200',
      ' +23.0s  hangup leg 1 (山田 太郎)  → 200',
    ]);
  });

  it('sends one leg per agent sharing the entry point, and still pops up once', async () => {
    const call = await simulate(['--legs', '2', '--answer-after', '5', '--hangup-after', '60'], 'ended');
    expect(call.incoming).toHaveLength(1);
    expect(call.incoming[0]).toMatchObject({ customerPhone: '09012345678', incomingNumber: '05017481234' });
    expect(call.states).toEqual(['answered', 'ended']);
    expect(call.result.stdout).toContain('2 leg(s)');
    expect(call.result.stdout).toContain('ringing leg 2 (佐藤 花子)  → 200');
    expect(call.result.stdout).toContain('hangup leg 2 (佐藤 花子)  → 200');
    // The leg that talked carries date_connected and duration; the other agent's leg does not.
    expect(call.updates.at(-1)).toMatchObject({ answeredBy: { id: '456', name: '山田 太郎' }, durationMs: 60_000 });
  });

  it('sends a missed call: every leg rings, hangs up unanswered, then missed', async () => {
    const call = await simulate(['--missed', '--legs', '2'], 'missed');
    expect(call.incoming).toHaveLength(1);
    expect(call.states).toEqual(['missed']);
    expect(call.result.stdout).not.toContain('connected');
    expect(call.result.stdout.match(/→ 200/g)).toHaveLength(6);
  });

  it("sends the guide's format (JSON + X-Dialpad-Signature) through the same pipeline", async () => {
    const call = await simulate(['--format', 'guide', '--legs', '2'], 'ended');
    expect(call.incoming).toHaveLength(1);
    expect(call.incoming[0]).toMatchObject({ callId: call.callId, customerPhone: '09012345678', incomingNumber: '05017481234' });
    expect(call.states).toEqual(['answered', 'ended']);
    expect(call.result.stdout).toContain('call.answered (山田 太郎)  → 200');
  });

  it("sends a missed call in the guide's format", async () => {
    const call = await simulate(['--format', 'guide', '--missed'], 'missed');
    expect(call.incoming).toHaveLength(1);
    expect(call.states).toEqual(['missed']);
  });

  it('waits between events, scaled by --speed', async () => {
    const started = Date.now();
    const result = await cti(
      ['simulate', '--from', '09012345678', '--to', '05017481234', '--url', t.url, '--answer-after', '1', '--hangup-after', '1', '--speed', '20'],
      { DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET },
    );
    expect(result.code).toBe(0);
    // 2 s of call at 20x: the hangup goes out about 100 ms after the first ring.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("stops at the first refusal with the server's message and exit code 1", async () => {
    const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--url', t.url, '--no-wait', '--secret', 'wrong-secret']);
    expect(result.code).toBe(1);
    expect(result.stdout.endsWith('ringing leg 1 (山田 太郎)  → 401\n')).toBe(true);
    expect(result.stderr).toBe(
      'cti: the server refused "ringing leg 1 (山田 太郎)" with 401: invalid_signature: The webhook signature does not match DIALPAD_WEBHOOK_SECRET\n',
    );
  });

  it('says when the server cannot be reached', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--url', `http://127.0.0.1:${port}`, '--no-wait', '--secret', 's']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`cti: cannot reach 127.0.0.1:${port} (ECONNREFUSED); is the server running?\n`);
  });

  it.each([
    [['--missed', '--answer-after', '3'], "option '--answer-after <s>' cannot be used with option '--missed'"],
    [['--from', 'abc'], '--from is not a phone number: "abc"'],
    [['--legs', '0'], '--legs must be a whole number from 1 to 20'],
    [['--answer-after', '-1'], '--answer-after must be a number of seconds'],
    [['--format', 'xml'], "argument 'xml' is invalid"],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--url', t.url, '--secret', 's', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('needs a secret', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cti-simulate-'));
    try {
      const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--url', t.url], { DATA_DIR: empty });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`no dialpad-webhook-secret in ${empty}`);
      expect(result.stderr).toContain('pass --secret or set DIALPAD_WEBHOOK_SECRET');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("finds the running server's port and generated secret in DATA_DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cti-simulate-'));
    try {
      writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: process.pid, url: t.url, webhookSecret: 'generated' }));
      writeFileSync(join(dir, 'dialpad-webhook-secret'), WEBHOOK_SECRET);
      const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--no-wait'], { DATA_DIR: dir });
      expect(result.stderr).not.toContain('cti:');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`to ${t.url}/api/dialpad/webhook`);
      const callId = /^call (\d+):/.exec(result.stdout)?.[1];
      await waitUntil(() => incoming.some((e) => e.callId === callId));
      // A server that takes its secret from its own environment: the file (left from a trial) is not used, and the CLI says why.
      writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: process.pid, url: t.url, webhookSecret: 'environment' }));
      const refused = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--no-wait'], { DATA_DIR: dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`the server at ${t.url} takes DIALPAD_WEBHOOK_SECRET from its environment`);
      // A server that is gone (killed: its file left behind) is not sent to.
      writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: 2 ** 22 + 12345, url: t.url, webhookSecret: 'generated' }));
      const gone = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--no-wait'], { DATA_DIR: dir, PORT: '1' });
      expect(gone.stderr).toMatch(/^cti: cannot reach localhost:1\b.*; is the server running\?\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the README's path: npm start, then npx cti simulate with nothing else", { timeout: 120_000 }, () => {
  it('pops a call on the server started in development with no secret, port or URL given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cti-readme-'));
    const password = 'a-long-enough-trial-password-42';
    const server = await startServer({ NODE_ENV: 'development', DATA_DIR: dir, DIALPAD_WEBHOOK_SECRET: '', ADMIN_EMAIL: 'admin@example.jp', ADMIN_PASSWORD: password, LOG_LEVEL: 'warn' });
    try {
      await eventually('server.json', () => existsSync(join(dir, 'server.json')));
      expect(JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'))).toEqual({ pid: server.pid, url: server.url, webhookSecret: 'generated' });
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.jp', password }) });
      const { token } = (await login.json()) as { token: string };
      const socket: ClientSocket = connectSocket(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const popped = collectEvents(socket, 'incoming_call');
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      try {
        // The working directory's DATA_DIR, as `npx cti` in the checkout reads it; nothing else in the environment.
        const result = await cti(['simulate', '--from', '09012345678', '--to', '05017481234', '--no-wait'], { DATA_DIR: dir });
        expect(result.stderr).not.toContain('cti:');
        expect(result.code).toBe(0);
        const callId = /^call (\d+):/.exec(result.stdout)?.[1];
        await eventually('the pop', () => popped.some((e) => e.callId === callId));
        expect(popped.find((e) => e.callId === callId)).toMatchObject({ customerPhone: '09012345678', incomingNumber: '05017481234', isTest: false });
      } finally {
        socket.disconnect();
      }
      await server.stop();
      // Stopped: the port file goes with it, the generated secret stays for the next start.
      expect(existsSync(join(dir, 'server.json'))).toBe(false);
      expect(existsSync(join(dir, 'dialpad-webhook-secret'))).toBe(true);
    } finally {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
