import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDialpad } from '../../test/support/fake-dialpad';
import { DialpadApiError, DialpadClient } from './api-client';

let fake: FakeDialpad;
let client: DialpadClient;

beforeEach(async () => {
  fake = await FakeDialpad.start();
  client = new DialpadClient({ apiKey: fake.apiKey, baseUrl: fake.url });
});
afterEach(() => fake.close());

/** The error a call fails with (the test fails when it does not). */
async function failure(promise: Promise<unknown>): Promise<DialpadApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DialpadApiError);
  return err as DialpadApiError;
}

describe('DialpadClient', () => {
  it('sends the key as a bearer header, never in the URL', async () => {
    await client.listWebhooks();
    expect(fake.requests).toEqual([
      { method: 'GET', path: '/api/v2/webhooks', query: {}, authorization: `Bearer ${fake.apiKey}`, contentType: undefined, body: undefined, at: expect.any(Number) as number },
    ]);
  });

  it('follows the cursor through every page of webhooks', async () => {
    for (let i = 0; i < 5; i++) fake.addWebhook(`https://host${i}.example.jp/api/dialpad/webhook`);
    const webhooks = await client.listWebhooks();
    expect(webhooks.map((w) => w.hook_url)).toEqual([0, 1, 2, 3, 4].map((i) => `https://host${i}.example.jp/api/dialpad/webhook`));
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v2/webhooks', '/api/v2/webhooks', '/api/v2/webhooks']);
    expect(fake.requests[0]!.query).toEqual({});
    expect(fake.requests[1]!.query.cursor).toBeTruthy();
    expect(fake.requests[2]!.query.cursor).not.toBe(fake.requests[1]!.query.cursor);
  });

  it('creates a webhook and reads the secret Dialpad returns', async () => {
    const webhook = await client.createWebhook({ hook_url: 'https://cti.example.jp/api/dialpad/webhook', secret: 's3cret' });
    expect(webhook).toEqual({
      id: '1000',
      hook_url: 'https://cti.example.jp/api/dialpad/webhook',
      signature: { algo: 'HS256', type: 'jwt', secret: 's3cret' },
    });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v2/webhooks',
      contentType: 'application/json',
      body: { hook_url: 'https://cti.example.jp/api/dialpad/webhook', secret: 's3cret' },
    });
  });

  it('creates a call subscription with endpoint_id and numeric ids, and lists them paged', async () => {
    const webhook = fake.addWebhook('https://a.example.jp/api/dialpad/webhook', 'x');
    fake.addSubscription(webhook.id, ['hangup']);
    fake.addSubscription(webhook.id, ['missed']);
    const created = await client.createCallSubscription({
      endpoint_id: webhook.id,
      call_states: ['ringing', 'connected'],
      enabled: true,
      target_type: 'office',
      target_id: '124',
    });
    expect(fake.requests[0]!.body).toEqual({
      endpoint_id: 1000,
      call_states: ['ringing', 'connected'],
      enabled: true,
      target_type: 'office',
      target_id: 124,
    });
    expect(created).toEqual({
      id: '1003',
      call_states: ['ringing', 'connected'],
      enabled: true,
      target_type: 'office',
      target_id: '124',
      webhook_id: '1000',
    });
    const all = await client.listCallSubscriptions();
    expect(all.map((s) => s.call_states)).toEqual([['hangup'], ['missed'], ['ringing', 'connected']]);
    expect(fake.requests.slice(1).map((r) => `${r.method} ${r.path} ${r.query.cursor ? 'cursor' : ''}`)).toEqual([
      'GET /api/v2/subscriptions/call ',
      'GET /api/v2/subscriptions/call cursor',
    ]);
  });

  it('deletes webhooks and subscriptions by id', async () => {
    const webhook = fake.addWebhook('https://a.example.jp/api/dialpad/webhook');
    const subscription = fake.addSubscription(webhook.id, ['ringing']);
    await client.deleteCallSubscription(String(subscription.id));
    await client.deleteWebhook(webhook.id);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /api/v2/subscriptions/call/1001',
      'DELETE /api/v2/webhooks/1000',
    ]);
    expect(fake.webhooks).toEqual([]);
    expect(fake.subscriptions).toEqual([]);
  });

  it.each([
    [401, {}, 'listing webhooks: the API key is wrong or revoked (HTTP 401)'],
    [403, {}, "listing webhooks: the key's owner is not a company admin (HTTP 403)"],
    [429, { 'retry-after': '17' }, 'listing webhooks: rate limited: wait 17 s (HTTP 429)'],
    [429, {}, 'listing webhooks: rate limited: wait 60 s (HTTP 429)'],
    [500, {}, 'listing webhooks: Dialpad is having trouble (HTTP 500); try again in a few minutes'],
    [503, {}, 'listing webhooks: Dialpad is having trouble (HTTP 503); try again in a few minutes'],
  ])('explains HTTP %i in plain words', async (status, headers, message) => {
    fake.failNext({ status, headers });
    const err = await failure(client.listWebhooks());
    expect(err.message).toBe(message);
    expect(err.status).toBe(status);
  });

  it('reads a Retry-After given as a date', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() } });
    const err = await failure(client.listWebhooks());
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it("passes Dialpad's own explanation of a 4xx on, without the key", async () => {
    fake.failNext({ status: 400, body: { error: { code: 400, message: `endpoint_id is invalid (key ${fake.apiKey})` } } });
    const err = await failure(client.createCallSubscription({ endpoint_id: '1', call_states: ['ringing'], enabled: true }));
    expect(err.message).toBe('creating the call subscription: Dialpad refused the request (HTTP 400): endpoint_id is invalid (key ***)');
  });

  it('says what was not found', async () => {
    const err = await failure(client.deleteWebhook('42'));
    expect(err.message).toBe('deleting webhook 42: not found (HTTP 404): Webhook not found');
    expect(err.status).toBe(404);
  });

  it('says when Dialpad cannot be reached', async () => {
    // A port that was just free: nothing listens on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const offline = new DialpadClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}/api/v2` });
    const err = await failure(offline.listWebhooks());
    expect(err.message).toBe(`listing webhooks: cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(err.status).toBeNull();
  });

  it('gives up when Dialpad does not answer in time', async () => {
    fake.stall = true;
    const slow = new DialpadClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 200 });
    const err = await failure(slow.listWebhooks());
    expect(err.message).toBe(`listing webhooks: cannot reach ${new URL(fake.url).host}: no answer within 200 ms`);
  });

  it('refuses an answer in an unexpected shape', async () => {
    fake.failNext({ status: 200, body: { items: [{ hook_url: 'https://x' }] } });
    const err = await failure(client.listWebhooks());
    expect(err.message).toMatch(/^listing webhooks: Dialpad answered in an unexpected shape \(items\.0\.id: /);
  });

  it('refuses a key that could not go into a header', () => {
    expect(() => new DialpadClient({ apiKey: 'abc\ndef' })).toThrow(/spaces or line breaks/);
    expect(() => new DialpadClient({ apiKey: '' })).toThrow(/empty/);
  });
});
