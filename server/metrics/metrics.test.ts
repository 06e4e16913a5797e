import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';
import { AppError } from '../http/errors';
import { dialpadCall, deliverGuide, deliverJwt, dialpadJwt } from '../../test/support/dialpad';
import { signatureFailure, stateLabel } from '../dialpad/webhook-routes';
import { verifyDelivery } from '../dialpad/verify';
import { createMetrics } from './metrics';
import { metricsRoutes } from './routes';

/** The value of one sample in Prometheus text, e.g. sample(text, 'cti_call_events_total', {state: 'ringing'}). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']));
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('starts with the counters at zero and the default Node metrics', async () => {
    const text = await scrape();
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'jwt' })).toBe(0);
    expect(sample(text, 'cti_call_events_total', { state: 'unknown', result: 'rejected' })).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts events by state and result, times the webhook and the broadcast', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    await t.socket(token);
    const ringing = dialpadCall();
    expect((await deliverJwt(t.url, ringing)).status).toBe(200);
    expect((await deliverJwt(t.url, ringing)).status).toBe(200);
    expect((await deliverJwt(t.url, { ...ringing, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() + 5 })).status).toBe(200);
    expect((await deliverJwt(t.url, { ...ringing, state: 'recap_summary', event_timestamp: Date.now() + 9 })).status).toBe(200);

    const text = await scrape();
    expect(sample(text, 'cti_call_events_total', { state: 'ringing', result: 'accepted' })).toBe(1);
    expect(sample(text, 'cti_call_events_total', { state: 'ringing', result: 'duplicate' })).toBe(1);
    expect(sample(text, 'cti_call_events_total', { state: 'connected', result: 'accepted' })).toBe(1);
    expect(sample(text, 'cti_call_events_total', { state: 'recap', result: 'accepted' })).toBe(1);
    expect(sample(text, 'cti_webhook_duration_seconds_count', { status: '200' })).toBe(4);
    expect(sample(text, 'cti_webhook_duration_seconds_bucket', { status: '200', le: '+Inf' })).toBe(4);
    expect(sample(text, 'cti_webhook_duration_seconds_sum', { status: '200' })).toBeGreaterThan(0);
    expect(sample(text, 'cti_broadcast_duration_seconds_count', { event: 'incoming_call' })).toBe(1);
    expect(sample(text, 'cti_broadcast_duration_seconds_count', { event: 'call_updated' })).toBe(1);
    expect(sample(text, 'cti_sockets_connected', { room: 'admin' })).toBe(1);
    expect(sample(text, 'cti_sockets_connected', { room: 'user' })).toBe(1);
    expect(sample(text, 'cti_sockets_connected', { room: 'store' })).toBe(0);
  });

  it('counts signature failures by reason and the rejected deliveries', async () => {
    const before = await scrape();
    const rejectedBefore = sample(before, 'cti_call_events_total', { state: 'unknown', result: 'rejected' }) ?? 0;
    const forged = await dialpadJwt(dialpadCall(), 'not-the-webhook-secret-at-all-0123456789');
    expect((await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', body: forged })).status).toBe(401);
    expect((await deliverGuide(t.url, dialpadCall(), 'f'.repeat(64))).status).toBe(401);
    expect((await fetch(`${t.url}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await deliverGuide(t.url, { hello: 'world' })).status).toBe(400);

    const text = await scrape();
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'jwt' })).toBe(1);
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'hmac' })).toBe(1);
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'missing' })).toBe(1);
    expect(sample(text, 'cti_call_events_total', { state: 'unknown', result: 'rejected' })).toBe(rejectedBefore + 4);
    expect(sample(text, 'cti_webhook_duration_seconds_count', { status: '401' })).toBe(3);
    expect(sample(text, 'cti_webhook_duration_seconds_count', { status: '400' })).toBe(1);
  });

  it('counts call-backs opened once per unanswered call, not when the same call reports voicemail too', async () => {
    const call = dialpadCall({ external_number: '+819055550001' });
    await deliverJwt(t.url, call);
    await deliverJwt(t.url, { ...call, state: 'hangup', event_timestamp: Date.now() + 10 });
    await deliverJwt(t.url, { ...call, state: 'voicemail', event_timestamp: Date.now() + 20 });
    const text = await scrape();
    expect(sample(text, 'cti_callbacks_opened_total', { reason: 'missed' })).toBe(1);
    expect(sample(text, 'cti_callbacks_opened_total', { reason: 'voicemail' }) ?? 0).toBe(0);
  });
});

describe('METRICS_TOKEN', () => {
  it('requires the bearer token when one is configured', async () => {
    const app = Fastify();
    await app.register(metricsRoutes, { metrics: createMetrics(), token: 'metrics-token-0123456789' });
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token' } })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('cti_webhook_duration_seconds');
    await app.close();
  });

  it('keeps one registry per app, so two apps in one process do not collide', () => {
    const a = createMetrics();
    const b = createMetrics();
    a.callEvent('ringing', 'accepted');
    expect(a.registry).not.toBe(b.registry);
  });
});

describe('labels', () => {
  it('bounds the state label to known states', () => {
    expect(stateLabel('hangup')).toBe('hangup');
    expect(stateLabel('recap_action_items')).toBe('recap');
    expect(stateLabel('x'.repeat(90))).toBe('other');
  });

  it('tells why a signature failed from what was sent, never from the secret', () => {
    const reason = (body: string, signature?: string) => {
      try {
        verifyDelivery(Buffer.from(body), { signature }, 'webhook-secret-0123456789');
        return undefined;
      } catch (err) {
        return signatureFailure(err);
      }
    };
    expect(reason('a.b.c', undefined)).toBe('jwt');
    expect(reason('{}', 'abc')).toBe('hmac');
    expect(reason('{}', undefined)).toBe('missing');
  });

  it('counts an unconfigured secret as a signature failure and a storage outage as failed (retried)', async () => {
    const metrics = createMetrics();
    let notConfigured: unknown;
    try {
      verifyDelivery(Buffer.from('a.b.c'), {}, undefined);
    } catch (err) {
      notConfigured = err;
    }
    metrics.webhookFailed(notConfigured, signatureFailure(notConfigured));
    const outage = new AppError('storage_unavailable', 'x');
    metrics.webhookFailed(outage, signatureFailure(outage));
    const text = await metrics.registry.metrics();
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'not_configured' })).toBe(1);
    expect(sample(text, 'cti_webhook_signature_failures_total', { reason: 'jwt' })).toBe(0);
    expect(sample(text, 'cti_call_events_total', { state: 'unknown', result: 'failed' })).toBe(1);
  });
});
