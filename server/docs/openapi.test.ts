import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';

interface Operation {
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
}
type Spec = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

describe('OpenAPI document', () => {
  let t: TestApp;
  let spec: Spec;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.request<Spec>('GET', '/api/docs/json');
    expect(res.status).toBe(200);
    spec = res.body;
  });
  afterAll(() => t.close());

  it('is generated from the route schemas, response schemas included', () => {
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('CTI popup API');
    expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+/);

    const detail = spec.paths['/api/calls/{callId}']?.get;
    expect(detail?.tags).toEqual(['calls']);
    expect(detail?.security).toEqual([{ bearerAuth: [] }]);
    const body = detail?.responses['200']?.content?.['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(expect.arrayContaining(['call']));
    expect(detail?.responses['4XX']?.description).toBe('A client error (validation_failed, unauthorized, forbidden, not_found, conflict...)');

    const webhook = spec.paths['/api/dialpad/webhook']?.post;
    expect(webhook?.security).toEqual([]);
    expect(Object.keys(webhook?.requestBody?.content ?? {})).toEqual(['text/plain', 'application/jwt', 'application/json']);
    expect(Object.keys(webhook?.responses ?? {}).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(webhook?.responses['200']?.content?.['application/json']?.schema.properties).toHaveProperty('received');
    expect(webhook?.responses['503']?.description).toMatch(/retries/);
  });

  it('documents every route the app serves, and none of the documentation\'s own', () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/auth/login', '/api/dialpad/test-call', '/api/callbacks/']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/docs'))).toEqual([]);
    expect(Object.keys(spec.paths['/metrics']?.get?.responses['200']?.content ?? {})).toEqual(['text/plain']);
  });

  it('is browsable at /api/docs under the app\'s Content-Security-Policy', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    // script-src 'self' allows no inline script: every script must be a same-origin file.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      const src = /src="([^"]+)"/.exec(attributes)?.[1];
      expect(src, attributes).toMatch(/^\/api\/docs\//);
      const asset = await fetch(`${t.url}${src}`);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      // Read to the end: an unread response keeps its connection busy, and closing the app waits for it.
      expect((await asset.text()).length).toBeGreaterThan(0);
    }
    expect(html).not.toMatch(/<script[^>]*>[^<\s]/);
  });
});
