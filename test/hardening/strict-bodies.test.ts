/**
 * Every JSON request body is strict: a field the API does not know is a 400 naming it, never
 * dropped in silence (a staff member's `amount` for `amountYen` would be lost without a word).
 * The routes and their body schemas are read from the app's own OpenAPI document, so a new route
 * whose body schema is not strict, at any depth, fails here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { buildCustomer } from '../support/factories';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Operation {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
type Spec = { paths: Record<string, Record<string, Operation>> };

/** Writing routes whose body is not a JSON object, and why; every other POST/PUT/PATCH must have a strict JSON body. */
const NOT_JSON_OBJECT: Record<string, string> = {
  'POST /api/dialpad/webhook': "Dialpad's signed JWT or the guide's JSON: deliberately lenient, Dialpad sends fields its spec does not list",
  'POST /api/customers/import': 'the CSV file itself',
  'POST /api/auth/logout': 'no body',
  'POST /api/users/{id}/disable': 'no body',
  'POST /api/dialpad/test-call/{callId}/end': 'no body',
};

const WRITING = new Set(['post', 'put', 'patch']);
const PROBE = 'unknownProbeField';

/** Every place in a body schema that holds an object, as the path to it (array items as `0`). */
function objectPaths(schema: JsonSchema, path: string[] = []): string[][] {
  const found: string[][] = [];
  for (const variant of [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    if (variant.type === 'object' || variant.properties) {
      found.push(path);
      for (const [key, property] of Object.entries(variant.properties ?? {})) found.push(...objectPaths(property, [...path, key]));
    }
    if (variant.type === 'array' && variant.items) found.push(...objectPaths(variant.items, [...path, '0']));
  }
  return [...new Map(found.map((p) => [p.join('.'), p])).values()];
}

/** A body with nothing but the probe field, placed at `path` (`0` makes an array). */
function bodyWithProbeAt(path: string[]): unknown {
  return path.reduceRight<unknown>((inner, segment) => (segment === '0' ? [inner] : { [segment]: inner }), { [PROBE]: 'x' });
}

describe('strict request bodies', () => {
  let t: TestApp;
  let spec: Spec;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    adminToken = (await t.signIn({ role: 'admin' })).token;
    spec = (await t.request<Spec>('GET', '/api/docs/json')).body;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => WRITING.has(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path.replace(/(.)\/$/, '$1')}`, path, operation })),
    );

  it('knows every writing route: a JSON object body, or a reason in NOT_JSON_OBJECT', () => {
    const routes = operations().map((o) => o.route);
    for (const listed of Object.keys(NOT_JSON_OBJECT)) expect(routes, `${listed} is listed but gone`).toContain(listed);
    for (const { route, operation } of operations()) {
      if (route in NOT_JSON_OBJECT) continue;
      const schema = operation.requestBody?.content['application/json']?.schema;
      const takesObject = schema !== undefined && objectPaths(schema).some((at) => at.length === 0);
      expect(takesObject, `${route}: give it a JSON body schema (z.strictObject) or list it in NOT_JSON_OBJECT`).toBe(true);
    }
  });

  it('answers 400 naming the field for an unknown field at every depth of every JSON body', async () => {
    let probes = 0;
    for (const { route, path, operation } of operations()) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (route in NOT_JSON_OBJECT || !schema) continue;
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      for (const at of objectPaths(schema)) {
        const field = ['body', ...at, PROBE].join('.');
        const res = await t.request<{ details: { field: string; message: string }[] }>(route.split(' ')[0]!, url, adminToken, bodyWithProbeAt(at));
        expect(res.status, `${route} with ${field}`).toBe(400);
        expect(res.body.error).toBe('validation_failed');
        expect(res.body.message, `${route}: the message names ${field}`).toContain(field);
        expect(res.body.details, `${route}: details name ${field}`).toContainEqual({ field, message: 'unknown field', code: 'unknown_field' });
        probes++;
      }
    }
    // Not vacuous: every resource's bodies, and the nested ones (a customer's phones, the link body's create).
    expect(probes).toBeGreaterThan(20);
  });

  it('refuses a visit that says amount for amountYen, stores nothing, and takes the right name', async () => {
    const customer = await buildCustomer(t.db, { name: '山田 花子' });
    const visits = `/api/customers/${customer.id}/visits`;
    const visitedAt = new Date(Date.now() - 60_000).toISOString();
    const wrong = await t.request('POST', visits, adminToken, { visitedAt, menu: 'カット', amount: 4800 });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.amount', message: 'unknown field', code: 'unknown_field' }] });
    expect(wrong.body.message).toContain('amount');
    expect((await t.request<{ items: unknown[] }>('GET', visits, adminToken)).body.items).toEqual([]);

    const right = await t.request<{ amountYen: number }>('POST', visits, adminToken, { visitedAt, menu: 'カット', amountYen: 4800 });
    expect(right.status).toBe(201);
    expect(right.body.amountYen).toBe(4800);
  });

  it('names an unknown field inside a phone that fits no form, and leaves the customer as it was', async () => {
    const customer = await buildCustomer(t.db, { name: '佐藤 一郎', phones: ['090-1111-2222'] });
    const res = await t.request('PATCH', `/api/customers/${customer.id}`, adminToken, { phones: [{ numbr: '090-3333-4444' }] });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ field: 'body.phones.0.numbr', message: 'unknown field', code: 'unknown_field' });
    const after = await t.request<{ phones: { national: string }[] }>('GET', `/api/customers/${customer.id}`, adminToken);
    expect(after.body.phones.map((p) => p.national)).toEqual(['09011112222']);
  });
});
