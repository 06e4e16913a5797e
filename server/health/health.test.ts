import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { type ReadinessCheck, runChecks } from './checks';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz, and /readyz with each dependency when the database answers', async () => {
    const live = await t.request('GET', '/healthz');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    // No REDIS_URL here, so only the database is asked.
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('answers unknown routes with the catalogue shape', async () => {
    const res = await t.request('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });

  it('sends the request id back, taking a sane X-Request-Id from the proxy and replacing a hostile one', async () => {
    const given = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'abc123-nginx' } });
    expect(given.headers.get('x-request-id')).toBe('abc123-nginx');
    const hostile = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': `evil"}\\n${'x'.repeat(200)}` } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^evilnx+$/);
    expect(hostile.headers.get('x-request-id')!.length).toBe(64);
    expect((await fetch(`${t.url}/healthz`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 with the dependency that failed once the database is gone', async () => {
    await t.closeDatabase();
    const res = await t.request('GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: 'not_ready',
      message: 'Not ready: database did not answer',
      status: 'not_ready',
      checks: { database: 'failed' },
    });
    // Alive all the same: a restart would not bring the database back.
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    // And the webhook asks Dialpad to retry rather than losing the event.
    expect((await deliverJwt(t.url, dialpadCall())).status).toBe(503);
  });
});

describe('draining', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses new webhooks and readiness with 503 not_ready, while the rest of the API still answers', async () => {
    expect((await deliverJwt(t.url, dialpadCall())).status).toBe(200);
    t.app.lifecycle.startDraining();

    const webhook = await deliverJwt(t.url, dialpadCall());
    expect(webhook.status).toBe(503);
    expect(await webhook.json()).toMatchObject({ error: 'not_ready' });
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ error: 'not_ready', message: 'This node is shutting down', status: 'draining', checks: {} });
    const { token } = await t.signIn({ role: 'admin' });
    expect((await t.request('GET', '/api/auth/me', token)).status).toBe(200);

    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/cti_call_events_total\{state="unknown",result="failed"\} 1/);
  });
});

describe('runChecks', () => {
  const check = (name: string, critical: boolean, outcome: 'ok' | 'fail' | 'hang'): ReadinessCheck => ({
    name,
    critical,
    check: () =>
      outcome === 'ok' ? Promise.resolve() : outcome === 'fail' ? Promise.reject(new Error('down')) : new Promise<void>(() => undefined),
  });

  it('reports each check, times out a hanging one, and fails only on critical ones', async () => {
    const result = await runChecks([check('database', true, 'ok'), check('redis', false, 'fail'), check('slow', false, 'hang')], 50);
    expect(result).toEqual({ ready: true, results: { database: 'ok', redis: 'failed', slow: 'timeout' }, failed: [] });
    const down = await runChecks([check('database', true, 'hang'), check('redis', false, 'ok')], 50);
    expect(down).toEqual({ ready: false, results: { database: 'timeout', redis: 'ok' }, failed: ['database'] });
  });
});
