import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client';
import { callEvents, calls as callsTable } from '../server/db/schema';
import { clientFor } from './dialpad';
import { FakeDialpad } from '../test/support/fake-dialpad';
import { cti } from '../test/support/run-cli';

const URL = 'https://cti.example.jp/api/dialpad/webhook';
const DEFAULT_STATES = ['ringing', 'connected', 'hangup', 'missed', 'voicemail', 'voicemail_uploaded', 'recording', 'blocked'];

let fake: FakeDialpad;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  fake = await FakeDialpad.start();
  // An empty DATA_DIR: no database here, so status checks none (see the recording links tests).
  env = { DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'cti-dialpad-')), PORT: '0' };
  // Other companies' hooks, so that every listing spans more than one page.
  for (let i = 0; i < 3; i++) fake.addWebhook(`https://other${i}.example.jp/hook`, `other-secret-${i}`);
});
afterEach(() => fake.close());

/** `METHOD path` of every request, with `?cursor` when one was sent. */
const calls = () => fake.requests.map((r) => `${r.method} ${r.path}${r.query.cursor ? '?cursor' : ''}`);

function expectBearerEverywhere(): void {
  for (const r of fake.requests) expect(r.authorization).toBe(`Bearer ${fake.apiKey}`);
  for (const r of fake.requests) expect(Object.keys(r.query).filter((k) => k !== 'cursor')).toEqual([]);
}

describe('cti dialpad setup', () => {
  it('creates a webhook with a strong secret and subscribes it, printing only the secret line', async () => {
    const result = await cti(['dialpad', 'setup', '--url', URL], env);

    expect(result.code).toBe(0);
    expect(calls()).toEqual(['GET /api/v2/webhooks', 'GET /api/v2/webhooks?cursor', 'POST /api/v2/webhooks', 'POST /api/v2/subscriptions/call']);
    expectBearerEverywhere();
    const created = fake.requests[2]!.body as { hook_url: string; secret: string };
    expect(created.hook_url).toBe(URL);
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(fake.requests[3]!.body).toEqual({ endpoint_id: 1003, call_states: DEFAULT_STATES, enabled: true });
    expect(result.stdout).toBe(`DIALPAD_WEBHOOK_SECRET=${created.secret}\n`);
    expect(result.stderr).toContain('Created webhook 1003');
    expect(result.stderr).not.toContain(created.secret);
    expect(result.stdout + result.stderr).not.toContain(fake.apiKey);
  });

  it('limits the subscription to a target and the states asked for', async () => {
    const result = await cti(['dialpad', 'setup', '--url', URL, '--states', 'ringing, hangup', '--target-type', 'office', '--target-id', '124'], env);
    expect(result.code).toBe(0);
    expect(fake.requests.at(-1)!.body).toEqual({
      endpoint_id: 1003,
      call_states: ['ringing', 'hangup'],
      enabled: true,
      target_type: 'office',
      target_id: 124,
    });
  });

  it('reuses the webhook already pointing here when Dialpad tells its secret, and an identical subscription', async () => {
    fake.revealSecrets = true;
    const webhook = fake.addWebhook(URL, 'existing-secret');
    // Others' subscriptions first, so the identical one is only found on the second page.
    fake.addSubscription('1000', DEFAULT_STATES);
    fake.addSubscription('1001', DEFAULT_STATES);
    fake.addSubscription(webhook.id, [...DEFAULT_STATES].reverse());

    const result = await cti(['dialpad', 'setup', '--url', URL], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('DIALPAD_WEBHOOK_SECRET=existing-secret\n');
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual([]);
    expect(calls()).toContain('GET /api/v2/subscriptions/call?cursor');
    expect(result.stderr).toContain(`Reusing webhook ${webhook.id}`);
    expect(result.stderr).toMatch(/Call subscription \d+ already sends .* kept/);
  });

  it('adds the subscription when the reused webhook has none like it', async () => {
    fake.revealSecrets = true;
    const webhook = fake.addWebhook(URL, 'existing-secret');
    fake.addSubscription(webhook.id, ['ringing']);
    const result = await cti(['dialpad', 'setup', '--url', URL], env);
    expect(result.code).toBe(0);
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual(['POST /api/v2/subscriptions/call']);
    expect(fake.requests.at(-1)!.body).toMatchObject({ endpoint_id: Number(webhook.id), call_states: DEFAULT_STATES });
    expect(result.stderr).toContain('also feeds this webhook: ringing');
  });

  it('replaces a webhook whose secret Dialpad does not tell, and says so', async () => {
    const old = fake.addWebhook(URL, 'lost-secret');
    const oldSubscription = fake.addSubscription(old.id, DEFAULT_STATES);

    const result = await cti(['dialpad', 'setup', '--url', URL], env);

    expect(result.code).toBe(0);
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual([
      `DELETE /api/v2/subscriptions/call/${oldSubscription.id}`,
      `DELETE /api/v2/webhooks/${old.id}`,
      'POST /api/v2/webhooks',
      'POST /api/v2/subscriptions/call',
    ]);
    expect(result.stderr).toContain('does not tell its secret');
    expect(result.stderr).toContain('deleting it and creating a new one');
    const secret = (fake.requests.find((r) => r.method === 'POST')!.body as { secret: string }).secret;
    expect(result.stdout).toBe(`DIALPAD_WEBHOOK_SECRET=${secret}\n`);
    expect(fake.webhooks.filter((w) => w.hook_url === URL)).toHaveLength(1);
  });

  it.each([
    ['ringing,answered', '"answered" is the setup guide\'s name; Dialpad calls that state "connected"'],
    ['ringing,call.ended', '"call.ended" is the setup guide\'s name; Dialpad calls that state "hangup"'],
    ['ringing,unhold', 'Dialpad has no call state "unhold"'],
    [' , ', 'needs at least one call state'],
  ])('refuses --states %j before calling Dialpad', async (states, message) => {
    const result = await cti(['dialpad', 'setup', '--url', URL, '--states', states], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it.each([
    [['--url', 'http://cti.example.jp/api/dialpad/webhook'], '--url must start with https://'],
    [['--url', 'cti.example.jp'], '--url must be a full URL'],
    [['--url', URL, '--target-type', 'office'], '--target-type and --target-id go together'],
    [['--url', URL, '--target-type', 'office', '--target-id', 'west'], "--target-id must be Dialpad's numeric id"],
    [['--url', URL, '--target-type', 'planet', '--target-id', '1'], "argument 'planet' is invalid"],
    [[], "required option '--url <url>' not specified"],
  ])('refuses the command line %j with exit code 2', async (args, message) => {
    const result = await cti(['dialpad', 'setup', ...args], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it('allows http for localhost and warns about a path the server does not serve', async () => {
    const local = await cti(['dialpad', 'setup', '--url', 'http://localhost:5000/api/dialpad/webhook'], env);
    expect(local.code).toBe(0);
    expect(local.stderr).toContain('Dialpad cannot reach localhost');
    const elsewhere = await cti(['dialpad', 'setup', '--url', 'https://cti.example.jp/hook'], env);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stderr).toContain('warning: --url does not end with /api/dialpad/webhook');
  });

  it('needs DIALPAD_API_KEY', async () => {
    const result = await cti(['dialpad', 'setup', '--url', URL], { DIALPAD_API_BASE: fake.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cti: DIALPAD_API_KEY is not set/);
  });
});

describe('cti dialpad status', () => {
  it('lists every page of webhooks and subscriptions, marking what points here, without secrets', async () => {
    fake.revealSecrets = true;
    const ours = fake.addWebhook(URL, 'our-secret');
    const sub = fake.addSubscription(ours.id, DEFAULT_STATES, { type: 'office', id: 124 });
    const foreign = fake.addSubscription('1000', ['hangup']);
    fake.addSubscription('1001', ['missed']);

    const result = await cti(['dialpad', 'status', '--url', URL], env);

    expect(result.code).toBe(0);
    expect(calls()).toEqual([
      'GET /api/v2/webhooks',
      'GET /api/v2/webhooks?cursor',
      'GET /api/v2/subscriptions/call',
      'GET /api/v2/subscriptions/call?cursor',
    ]);
    expectBearerEverywhere();
    expect(result.stdout).toContain('Webhooks (4):');
    expect(result.stdout).toContain(`* ${ours.id}  ${URL}  signed (jwt HS256)`);
    expect(result.stdout).toContain('  1000  https://other0.example.jp/hook');
    expect(result.stdout).toContain('Call subscriptions (3):');
    expect(result.stdout).toContain(`* ${sub.id}  → webhook ${ours.id}  ringing,connected,hangup,missed,voicemail,voicemail_uploaded,recording,blocked (office 124)`);
    expect(result.stdout).toContain(`  ${foreign.id}  → webhook 1000  hangup (whole company)`);
    expect(result.stdout + result.stderr).not.toMatch(/secret/);
  });

  it('notes a subscription that does not send voicemail_uploaded and recording', async () => {
    const ours = fake.addWebhook(URL);
    const sub = fake.addSubscription(ours.id, ['ringing', 'hangup', 'recording']);
    const result = await cti(['dialpad', 'status', '--url', URL], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`note: call subscription ${sub.id} does not send voicemail_uploaded: staff see no voicemail or recording links`);
    expect(result.stdout).not.toContain('Voicemail and recording links');
  });

  it('says the API key needs recordings_export when recent voicemail events came without links', async () => {
    const dir = env.DATA_DIR!;
    const database = await openDatabase({ dataDir: join(dir, 'pglite') });
    const at = new Date();
    await database.db.insert(callsTable).values([
      { id: 'no-link', provider: 'dialpad', direction: 'inbound', state: 'missed', startedAt: at },
      { id: 'with-link', provider: 'dialpad', direction: 'inbound', state: 'missed', startedAt: at, voicemailUrl: 'https://dialpad.com/vm/1' },
    ]);
    await database.db.insert(callEvents).values(
      ['no-link', 'with-link'].map((id) => ({ callId: id, legId: id, state: 'voicemail_uploaded', dedupeKey: id, occurredAt: at, payload: {} })),
    );
    await database.close();

    const result = await cti(['dialpad', 'status', '--url', URL], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Voicemail and recording links: 1 call of the last 7 days had voicemail or recording events without any link.');
    expect(result.stderr).toContain('recordings_export scope');
  });

  it('says when nothing points here', async () => {
    const result = await cti(['dialpad', 'status', '--url', URL], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Nothing points at ${URL}: run "cti dialpad setup --url ${URL}"`);
  });
});

describe('cti dialpad teardown', () => {
  it('deletes the subscriptions and the webhook for the URL, and nothing else', async () => {
    const ours = fake.addWebhook(URL);
    const a = fake.addSubscription(ours.id, ['ringing']);
    const b = fake.addSubscription(ours.id, ['hangup']);
    const theirs = fake.addSubscription('1000', ['ringing']);

    const result = await cti(['dialpad', 'teardown', '--url', URL], env);

    expect(result.code).toBe(0);
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([
      `DELETE /api/v2/subscriptions/call/${a.id}`,
      `DELETE /api/v2/subscriptions/call/${b.id}`,
      `DELETE /api/v2/webhooks/${ours.id}`,
    ]);
    expectBearerEverywhere();
    expect(fake.subscriptions.map((s) => s.id)).toEqual([theirs.id]);
    expect(fake.webhooks.map((w) => w.hook_url)).not.toContain(URL);
    expect(result.stdout).toBe(`deleted call subscription ${a.id}: ringing (whole company)\ndeleted call subscription ${b.id}: hangup (whole company)\ndeleted webhook ${ours.id}\n`);
  });

  it('does nothing when no webhook points at the URL', async () => {
    const result = await cti(['dialpad', 'teardown', '--url', URL], env);
    expect(result.code).toBe(0);
    expect(calls().every((c) => c.startsWith('GET'))).toBe(true);
    expect(result.stderr).toContain('nothing to remove');
  });
});

describe('Dialpad API errors', () => {
  it.each([
    [401, {}, 'cti: listing webhooks: the API key is wrong or revoked (HTTP 401)', 'Check DIALPAD_API_KEY'],
    [403, {}, "cti: listing webhooks: the key's owner is not a company admin (HTTP 403)", 'company admin'],
    [429, { 'retry-after': '42' }, 'cti: listing webhooks: rate limited: wait 42 s (HTTP 429)', undefined],
    [500, {}, 'cti: listing webhooks: Dialpad is having trouble (HTTP 500); try again in a few minutes', undefined],
  ])('explains HTTP %i in plain words and exits 1', async (status, headers, message, hint) => {
    for (const command of [['setup', '--url', URL], ['status'], ['teardown', '--url', URL]]) {
      fake.failNext({ status, headers });
      const result = await cti(['dialpad', ...command], env);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').find((l) => l.startsWith('cti:'))).toBe(message);
      if (hint) expect(result.stderr).toContain(hint);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain(fake.apiKey);
    }
  });

  it('explains a failure in the middle of setup, after the listing worked', async () => {
    fake.failNext({ status: 200, body: { items: [] } }, { status: 403 });
    const result = await cti(['dialpad', 'setup', '--url', URL], env);
    expect(calls()).toEqual(['GET /api/v2/webhooks', 'POST /api/v2/webhooks']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cti: creating the webhook: the key's owner is not a company admin (HTTP 403)");
    expect(result.stdout).toBe('');
  });

  it('says which host it cannot reach', async () => {
    const base = fake.url;
    await fake.close();
    const result = await cti(['dialpad', 'status'], { ...env, DIALPAD_API_BASE: base });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`cti: listing webhooks: cannot reach ${new globalThis.URL(base).host} (ECONNREFUSED)\n`);
    fake = await FakeDialpad.start();
  });
});

describe('which Dialpad', () => {
  const io = (env: NodeJS.ProcessEnv) => {
    let stderr = '';
    return { io: { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env }, stderr: () => stderr };
  };

  it('uses DIALPAD_API_BASE, else production, and the sandbox with --sandbox', () => {
    expect(clientFor(io({ DIALPAD_API_KEY: 'k' }).io, {}).baseUrl).toBe('https://dialpad.com/api/v2');
    expect(clientFor(io({ DIALPAD_API_KEY: 'k', DIALPAD_API_BASE: 'http://127.0.0.1:1/api/v2/' }).io, {}).baseUrl).toBe('http://127.0.0.1:1/api/v2');
    expect(clientFor(io({ DIALPAD_API_KEY: 'k' }).io, { sandbox: true }).baseUrl).toBe('https://sandbox.dialpad.com/api/v2');
    const both = io({ DIALPAD_API_KEY: 'k', DIALPAD_API_BASE: 'http://127.0.0.1:1/api/v2' });
    expect(clientFor(both.io, { sandbox: true }).baseUrl).toBe('https://sandbox.dialpad.com/api/v2');
    expect(both.stderr()).toContain('--sandbox: using https://sandbox.dialpad.com/api/v2 instead of DIALPAD_API_BASE');
  });
});
