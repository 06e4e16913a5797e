import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';
import { errorCatalogue } from '../http/errors';
import { operations } from './operations';

interface Parameter {
  in: string;
  name: string;
  schema?: { type?: unknown; enum?: unknown[]; default?: unknown };
}
interface ErrorSchema {
  properties?: { error?: { enum?: string[] } };
}
interface Operation {
  summary?: string;
  parameters?: Parameter[];
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { properties?: Record<string, unknown> } & ErrorSchema }> }>;
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
    expect(Object.keys(detail?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    expect(errorCodes(detail?.responses['404'])).toEqual(['not_found']);
    expect(detail?.responses['401']?.description).toContain('`unauthorized`');

    const webhook = spec.paths['/api/dialpad/webhook']?.post;
    expect(webhook?.security).toEqual([]);
    expect(Object.keys(webhook?.requestBody?.content ?? {})).toEqual(['text/plain', 'application/jwt', 'application/json']);
    expect(Object.keys(webhook?.responses ?? {}).sort()).toEqual(['200', '400', '401', '413', '500', '503']);
    expect(errorCodes(webhook?.responses['401']).sort()).toEqual(['invalid_signature', 'webhook_not_configured']);
    expect(errorCodes(webhook?.responses['503']).sort()).toEqual(['not_ready', 'overloaded', 'storage_unavailable']);
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

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The codes one documented error response lists in its body's `error` enum. */
function errorCodes(response: Operation['responses'][string] | undefined): string[] {
  return response?.content?.['application/json']?.schema.properties?.error?.enum ?? [];
}

/** "METHOD /url" as Fastify registers it (the catalogue's keys), from an OpenAPI path and method. */
const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;

describe('the API reference (server/docs/operations.ts)', () => {
  let t: TestApp;
  let operationsOf: { key: string; op: Operation }[];
  beforeAll(async () => {
    t = await startTestApp();
    const spec = (await t.request<Spec>('GET', '/api/docs/json')).body;
    operationsOf = Object.entries(spec.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => (item[method] ? [{ key: routeKey(method, path), op: item[method] }] : [])),
    );
  });
  afterAll(() => t.close());

  it('gives every operation a summary, from the catalogue', () => {
    expect(operationsOf.length).toBeGreaterThan(40);
    const missing = operationsOf.filter(({ op }) => !op.summary?.trim()).map(({ key }) => key);
    expect(missing, 'add an entry to server/docs/operations.ts').toEqual([]);
    // Its own errors are listed there too, so every route has an entry, even one whose schema has a summary.
    expect(operationsOf.map(({ key }) => key).filter((key) => !(key in operations)), 'add an entry to server/docs/operations.ts').toEqual([]);
    expect(operationsOf.find(({ key }) => key === 'POST /api/customers/import')?.op.summary).toBe(operations['POST /api/customers/import']?.summary);
  });

  it('has no entry for a route the app does not serve', () => {
    const served = new Set(operationsOf.map(({ key }) => key));
    expect(Object.keys(operations).filter((key) => !served.has(key))).toEqual([]);
  });

  it('lists only codes of the error catalogue, each under its own status', () => {
    for (const code of Object.values(operations).flatMap((doc) => doc.errors)) expect(errorCatalogue, code).toHaveProperty([code]);
    for (const { key, op } of operationsOf) {
      const errorStatuses = Object.keys(op.responses).filter((status) => Number(status) >= 400);
      expect(errorStatuses.length, key).toBeGreaterThan(0);
      for (const status of errorStatuses) {
        const codes = errorCodes(op.responses[status]);
        // /readyz's 503 is its own body (the checks), not the error shape.
        if (key === 'GET /readyz' && status === '503') continue;
        expect(codes.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const code of codes) expect(errorCatalogue[code as keyof typeof errorCatalogue], `${key} ${status} ${code}`).toBe(Number(status));
      }
    }
  });

  it('derives the common codes and adds the route\'s own', () => {
    const op = (key: string) => operationsOf.find((o) => o.key === key)?.op;
    const imported = op('POST /api/customers/import');
    expect(errorCodes(imported?.responses['400']).sort()).toEqual(['csv_limit_exceeded', 'validation_failed']);
    expect(errorCodes(imported?.responses['401'])).toEqual(['unauthorized']);
    expect(errorCodes(imported?.responses['403']).sort()).toEqual(['account_disabled', 'forbidden']);
    expect(errorCodes(imported?.responses['413'])).toEqual(['payload_too_large']);
    expect(errorCodes(imported?.responses['503'])).toEqual(['storage_unavailable']);
    const login = op('POST /api/auth/login');
    expect(errorCodes(login?.responses['429'])).toEqual(['rate_limited']);
    expect(errorCodes(login?.responses['400']).sort()).toEqual(['malformed_body', 'validation_failed']);
    expect(login?.responses['401']).toBeDefined();
    expect(errorCodes(login?.responses['401'])).toEqual(['invalid_credentials']);
    // A public route that never reads the database answers neither 401 nor 503.
    expect(Object.keys(op('GET /healthz')?.responses ?? {}).sort()).toEqual(['200', '500']);
  });

  it('types every path and query parameter; boolean ones as booleans', () => {
    const untyped = operationsOf.flatMap(({ key, op }) =>
      (op.parameters ?? []).filter((p) => (p.in === 'path' || p.in === 'query') && p.schema?.type === undefined).map((p) => `${key} ${p.name}`),
    );
    expect(untyped).toEqual([]);
    const param = (key: string, name: string) => operationsOf.find((o) => o.key === key)?.op.parameters?.find((p) => p.name === name);
    expect(param('POST /api/customers/import', 'dryRun')?.schema?.type).toBe('boolean');
    expect(param('GET /api/calls/', 'test')?.schema?.type).toBe('boolean');
  });
});

describe('boolean query parameters on the wire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('takes true/false/1/0 and refuses anything else with validation_failed', async () => {
    const admin = await t.signIn({ role: 'admin' });
    for (const value of ['true', 'false', '1', '0']) {
      expect((await t.request('GET', `/api/calls?test=${value}`, admin.token)).status, value).toBe(200);
    }
    const refused = await t.request('GET', '/api/calls?test=maybe', admin.token);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('validation_failed');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'querystring.test' })]);
  });
});
