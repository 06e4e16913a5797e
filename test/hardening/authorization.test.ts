/**
 * Who may call what, for every route the app has, in one table: no token, staff of another store,
 * staff of the store concerned, admin. The routes are read from the app itself, so a route added
 * without a row here fails this test (and a row whose route is gone does too).
 */
import { eq } from 'drizzle-orm';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacksRepository } from '../../server/callbacks/repository';
import { callbacks, calls } from '../../server/db/schema';
import { WEB_DIST } from '../../server/http/web-app';
import { startTestApp, type TestApp } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';
import { buildCustomer, buildStore, buildUser, type StoreFixture } from '../support/factories';
import { authHeader } from './support';

type Role = 'none' | 'other' | 'staff' | 'admin';
const ROLES: Role[] = ['none', 'other', 'staff', 'admin'];

interface Fixtures {
  storeA: StoreFixture;
  storeB: StoreFixture;
  customerId: string;
  callId: string;
  callbackId: string;
  userId: string;
  tokens: Record<Role, string | undefined>;
  /** Ids of the customer's calls and call-backs that only some may see, by whose they are. */
  seeded: { a: string[]; b: string[]; none: string[] };
}

interface Call {
  path: string;
  body?: unknown;
  /** Sent as is with this content type (the CSV import); otherwise the body is JSON. */
  raw?: { type: string; data: string };
}

interface Row {
  /** Fresh resources per request where the request consumes them (deletes, disables, merges). */
  call(f: Fixtures, t: TestApp): Promise<Call> | Call;
  /** The status for [no token, staff of another store, staff of the store, admin]. */
  expect: [number, number, number, number];
}

const PUBLIC = (n: number): Row['expect'] => [n, n, n, n];
const ADMIN_ONLY = (ok: number): Row['expect'] => [401, 403, 403, ok];
const SIGNED_IN = (ok: number): Row['expect'] => [401, ok, ok, ok];
/** Resources of one store: staff of another store are told it does not exist. */
const STORE_SCOPED = (ok: number): Row['expect'] => [401, 404, ok, ok];

const unique = () => Math.random().toString(36).slice(2, 10);

async function post(t: TestApp, token: string | undefined, path: string, body: unknown): Promise<{ id: string }> {
  const res = await t.request<{ id: string }>('POST', path, token, body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const memoBy = async (t: TestApp, f: Fixtures) => (await post(t, f.tokens.staff, `/api/customers/${f.customerId}/memos`, { body: 'メモ' })).id;
/** The default purpose その他 (from the migration's list). */
const purposeId = async (t: TestApp, f: Fixtures) =>
  (await t.request<{ items: { id: string; label: string }[] }>('GET', '/api/call-purposes', f.tokens.admin)).body.items.find((p) => p.label === 'その他')!.id;
/** A visit of store A (written by an admin): its store's staff may change it, another store's may not. */
const visit = async (t: TestApp, f: Fixtures) =>
  (await post(t, f.tokens.admin, `/api/customers/${f.customerId}/visits`, { visitedAt: '2026-01-05T10:00:00.000Z', storeCode: f.storeA.code })).id;

const TABLE: Record<string, Row> = {
  'GET /healthz': { call: () => ({ path: '/healthz' }), expect: PUBLIC(200) },
  'GET /readyz': { call: () => ({ path: '/readyz' }), expect: PUBLIC(200) },
  // Open unless METRICS_TOKEN is set: no personal data in it, and nginx keeps it inside (docs/security.md).
  'GET /metrics': { call: () => ({ path: '/metrics' }), expect: PUBLIC(200) },
  'GET /api/docs': { call: () => ({ path: '/api/docs' }), expect: PUBLIC(200) },
  'GET /api/docs/json': { call: () => ({ path: '/api/docs/json' }), expect: PUBLIC(200) },
  'GET /api/docs/yaml': { call: () => ({ path: '/api/docs/yaml' }), expect: PUBLIC(200) },
  // @fastify/swagger-ui redirects its own index file to the documentation's address.
  'GET /api/docs/static/index.html': { call: () => ({ path: '/api/docs/static/index.html' }), expect: PUBLIC(302) },
  'GET /api/docs/static/swagger-initializer.js': { call: () => ({ path: '/api/docs/static/swagger-initializer.js' }), expect: PUBLIC(200) },
  'GET /api/docs/*': { call: () => ({ path: '/api/docs/static/swagger-ui.css' }), expect: PUBLIC(200) },
  // A user's token is no signature: the webhook trusts only DIALPAD_WEBHOOK_SECRET.
  'POST /api/dialpad/webhook': { call: () => ({ path: '/api/dialpad/webhook', body: dialpadCall() }), expect: PUBLIC(401) },
  'POST /api/dialpad/test-call': { call: () => ({ path: '/api/dialpad/test-call', body: { customerPhone: '09012345678', incomingNumber: '05017481234' } }), expect: ADMIN_ONLY(200) },
  'GET /api/dialpad/status': { call: () => ({ path: '/api/dialpad/status' }), expect: ADMIN_ONLY(200) },
  // A fresh test call of store A each time (an admin makes it): whoever may see it may end it.
  'POST /api/dialpad/test-call/:callId/end': {
    call: async (f, t) => {
      const made = await t.request<{ data: { callId: string } }>('POST', '/api/dialpad/test-call', f.tokens.admin, { customerPhone: '09012345678', incomingNumber: '05017481234' });
      return { path: `/api/dialpad/test-call/${made.body.data.callId}/end` };
    },
    expect: STORE_SCOPED(200),
  },
  'POST /api/auth/login': { call: () => ({ path: '/api/auth/login', body: { email: 'nobody@example.jp', password: 'not-a-password' } }), expect: PUBLIC(401) },
  'GET /api/auth/me': { call: () => ({ path: '/api/auth/me' }), expect: SIGNED_IN(200) },
  // Both would end the shared tokens if they succeeded: refused bodies show who gets past the session check.
  'POST /api/auth/logout': { call: () => ({ path: '/api/auth/logout', body: { everywhere: true } }), expect: SIGNED_IN(400) },
  'POST /api/auth/password': { call: () => ({ path: '/api/auth/password', body: { currentPassword: 'not-the-password', newPassword: 'a-new-long-enough-passphrase' } }), expect: SIGNED_IN(400) },

  'POST /api/users': { call: () => ({ path: '/api/users', body: { email: `u-${unique()}@example.jp`, password: 'long-enough-password', name: '新人', role: 'admin' } }), expect: ADMIN_ONLY(201) },
  'GET /api/users': { call: () => ({ path: '/api/users' }), expect: ADMIN_ONLY(200) },
  'GET /api/users/:id': { call: (f) => ({ path: `/api/users/${f.userId}` }), expect: ADMIN_ONLY(200) },
  'PATCH /api/users/:id': { call: (f) => ({ path: `/api/users/${f.userId}`, body: { name: '改名' } }), expect: ADMIN_ONLY(200) },
  'POST /api/users/:id/disable': { call: async (_f, t) => ({ path: `/api/users/${(await buildUser(t.db)).id}/disable` }), expect: ADMIN_ONLY(200) },

  'POST /api/stores': { call: () => ({ path: '/api/stores', body: { code: `s${unique()}`, name: '新店' } }), expect: ADMIN_ONLY(201) },
  'GET /api/stores': { call: () => ({ path: '/api/stores' }), expect: SIGNED_IN(200) },
  'GET /api/stores/:code': { call: (f) => ({ path: `/api/stores/${f.storeA.code}` }), expect: SIGNED_IN(200) },
  'PATCH /api/stores/:code': { call: (f) => ({ path: `/api/stores/${f.storeA.code}`, body: { name: '西船橋店' } }), expect: ADMIN_ONLY(200) },
  'DELETE /api/stores/:code': { call: async (_f, t) => ({ path: `/api/stores/${(await buildStore(t.db)).code}` }), expect: ADMIN_ONLY(204) },
  // Read before a delete, which is an admin's: it names the store's users.
  'GET /api/stores/:code/usage': { call: (f) => ({ path: `/api/stores/${f.storeA.code}/usage` }), expect: ADMIN_ONLY(200) },

  'POST /api/customers': { call: () => ({ path: '/api/customers', body: { name: '新規 顧客' } }), expect: SIGNED_IN(201) },
  'GET /api/customers': { call: () => ({ path: '/api/customers?q=%E5%B1%B1%E7%94%B0' }), expect: SIGNED_IN(200) },
  'GET /api/customers/duplicates': { call: () => ({ path: '/api/customers/duplicates' }), expect: SIGNED_IN(200) },
  // Bulk personal data in and out: admins only.
  'POST /api/customers/import': { call: () => ({ path: '/api/customers/import?dryRun=true', raw: { type: 'text/csv', data: '名前,電話\n山田 一郎,090-1111-2222\n' } }), expect: ADMIN_ONLY(200) },
  'GET /api/customers/export': { call: () => ({ path: '/api/customers/export' }), expect: ADMIN_ONLY(200) },
  'GET /api/customers/:id': { call: (f) => ({ path: `/api/customers/${f.customerId}` }), expect: SIGNED_IN(200) },
  'PATCH /api/customers/:id': { call: (f) => ({ path: `/api/customers/${f.customerId}`, body: { notes: '常連' } }), expect: SIGNED_IN(200) },
  'DELETE /api/customers/:id': { call: async (_f, t) => ({ path: `/api/customers/${(await buildCustomer(t.db)).id}` }), expect: ADMIN_ONLY(204) },
  'GET /api/customers/:id/usage': { call: (f) => ({ path: `/api/customers/${f.customerId}/usage` }), expect: ADMIN_ONLY(200) },
  'POST /api/customers/:id/merge': { call: async (f, t) => ({ path: `/api/customers/${f.customerId}/merge`, body: { sourceId: (await buildCustomer(t.db)).id } }), expect: ADMIN_ONLY(200) },
  'GET /api/customers/:id/merges': { call: (f) => ({ path: `/api/customers/${f.customerId}/merges` }), expect: SIGNED_IN(200) },
  'GET /api/customers/:id/calls': { call: (f) => ({ path: `/api/customers/${f.customerId}/calls` }), expect: SIGNED_IN(200) },

  'GET /api/customers/:id/memos': { call: (f) => ({ path: `/api/customers/${f.customerId}/memos` }), expect: SIGNED_IN(200) },
  'POST /api/customers/:id/memos': { call: (f) => ({ path: `/api/customers/${f.customerId}/memos`, body: { body: '折り返し希望' } }), expect: SIGNED_IN(201) },
  // A memo's words stay its author's (the store's staff here); admins may edit any.
  'PATCH /api/customers/:id/memos/:memoId': { call: async (f, t) => ({ path: `/api/customers/${f.customerId}/memos/${await memoBy(t, f)}`, body: { body: '書き換え' } }), expect: [401, 403, 200, 200] },
  'DELETE /api/customers/:id/memos/:memoId': { call: async (f, t) => ({ path: `/api/customers/${f.customerId}/memos/${await memoBy(t, f)}` }), expect: [401, 403, 204, 204] },

  'GET /api/customers/:id/visits': { call: (f) => ({ path: `/api/customers/${f.customerId}/visits` }), expect: SIGNED_IN(200) },
  'POST /api/customers/:id/visits': { call: (f) => ({ path: `/api/customers/${f.customerId}/visits`, body: { visitedAt: '2026-01-05T10:00:00.000Z' } }), expect: SIGNED_IN(201) },
  'GET /api/customers/:id/visits/summary': { call: (f) => ({ path: `/api/customers/${f.customerId}/visits/summary` }), expect: SIGNED_IN(200) },
  // A visit is its store's record: staff of another store read it (403, not 404) but may not change it.
  'PATCH /api/customers/:id/visits/:visitId': { call: async (f, t) => ({ path: `/api/customers/${f.customerId}/visits/${await visit(t, f)}`, body: { note: '更新' } }), expect: [401, 403, 200, 200] },
  'DELETE /api/customers/:id/visits/:visitId': { call: async (f, t) => ({ path: `/api/customers/${f.customerId}/visits/${await visit(t, f)}` }), expect: [401, 403, 204, 204] },

  // Lists are filtered to the caller's store (checked below); single calls of another store are hidden.
  'GET /api/calls': { call: () => ({ path: '/api/calls' }), expect: SIGNED_IN(200) },
  'GET /api/calls/active': { call: () => ({ path: '/api/calls/active' }), expect: SIGNED_IN(200) },
  'GET /api/calls/:callId': { call: (f) => ({ path: `/api/calls/${f.callId}` }), expect: STORE_SCOPED(200) },
  'POST /api/calls/:callId/customer': { call: (f) => ({ path: `/api/calls/${f.callId}/customer`, body: { customerId: f.customerId } }), expect: STORE_SCOPED(200) },
  'POST /api/calls/:callId/memos': { call: (f) => ({ path: `/api/calls/${f.callId}/memos`, body: { body: '通話中のメモ' } }), expect: STORE_SCOPED(201) },
  // Why they called: whoever may see the call tags it; the list is everyone's to read and an admin's to edit.
  'PUT /api/calls/:callId/purpose': { call: async (f, t) => ({ path: `/api/calls/${f.callId}/purpose`, body: { purposeId: await purposeId(t, f) } }), expect: STORE_SCOPED(200) },
  'GET /api/call-purposes': { call: () => ({ path: '/api/call-purposes' }), expect: SIGNED_IN(200) },
  'POST /api/call-purposes': { call: () => ({ path: '/api/call-purposes', body: { label: `用件 ${unique()}` } }), expect: ADMIN_ONLY(201) },
  'PATCH /api/call-purposes/:id': { call: async (f, t) => ({ path: `/api/call-purposes/${await purposeId(t, f)}`, body: { position: 4 } }), expect: ADMIN_ONLY(200) },
  // Staff read their own store's figures whatever they ask for (asking for another store is 403, server/reports/reports.test.ts).
  'GET /api/reports/calls': { call: () => ({ path: '/api/reports/calls?from=2026-01-01&to=2026-01-31' }), expect: SIGNED_IN(200) },
  'GET /api/callbacks': { call: () => ({ path: '/api/callbacks' }), expect: SIGNED_IN(200) },
  'PATCH /api/callbacks/:id': { call: (f) => ({ path: `/api/callbacks/${f.callbackId}`, body: { note: '折り返し済み' } }), expect: STORE_SCOPED(200) },
  // The test app has no DIALPAD_API_KEY: whoever may call for the task is told so (and the attempt is kept).
  'POST /api/calls/outbound': { call: (f) => ({ path: '/api/calls/outbound', body: { phone: '090-1234-5678', callbackId: f.callbackId } }), expect: STORE_SCOPED(503) },

  // Blocking acts company-wide in Dialpad: admins only (with no DIALPAD_API_KEY here, they are told so).
  'GET /api/blocked-numbers': { call: () => ({ path: '/api/blocked-numbers' }), expect: ADMIN_ONLY(200) },
  'POST /api/blocked-numbers': { call: () => ({ path: '/api/blocked-numbers', body: { number: '090-9999-0001' } }), expect: ADMIN_ONLY(503) },
  'DELETE /api/blocked-numbers/:number': { call: () => ({ path: '/api/blocked-numbers/%2B819099990001' }), expect: ADMIN_ONLY(503) },
};

/** Every `METHOD /path` the app answers, from its router (HEAD is Fastify's automatic twin of GET). */
export function routesOf(printed: string): Set<string> {
  const out = new Set<string>();
  const segments: string[] = [];
  for (const line of printed.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    segments.length = m[1]!.length / 4;
    segments.push(m[2]!);
    if (!m[3]) continue;
    const path = segments.join('').replace(/(.)\/$/, '$1');
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.add(`${method} ${path}`);
  }
  return out;
}

/** The built web app's files (served to anyone, public by nature): present only after `npm run build:web`. */
function webAppRoutes(): Set<string> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) return new Set();
  const files = readdirSync(WEB_DIST, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Set(['GET /', ...files.map((d) => `GET /${relative(WEB_DIST, join(d.parentPath, d.name)).split('\\').join('/')}`)]);
}

describe('authorization of every route', () => {
  let t: TestApp;
  let f: Fixtures;

  beforeAll(async () => {
    t = await startTestApp();
    const storeA = await buildStore(t.db, { code: 'authz-a', name: '西船橋', prefixes: ['0501748'] });
    const storeB = await buildStore(t.db, { code: 'authz-b', name: '葛西', prefixes: ['0501749'] });
    const customer = await buildCustomer(t.db, { name: '山田 花子', phones: ['090-1234-5678'] });
    const call = dialpadCall();
    await deliverJwt(t.url, call);
    await deliverJwt(t.url, { ...call, state: 'hangup', event_timestamp: (call.event_timestamp as number) + 1 });
    const [callback] = await t.db.select({ id: callbacks.id }).from(callbacks).where(eq(callbacks.storeId, storeA.id));
    // The same customer's calls in both stores and in none, ringing now (so "active" has some too), and B's call-back.
    const seed = { provider: 'dialpad' as const, direction: 'inbound' as const, state: 'ringing' as const, externalNumber: '+819012345678', customerId: customer.id, startedAt: new Date() };
    await t.db.insert(calls).values([
      { ...seed, id: 'authz-seen-by-a', storeId: storeA.id },
      { ...seed, id: 'authz-seen-by-b', storeId: storeB.id },
      { ...seed, id: 'authz-seen-by-admins', storeId: null },
    ]);
    const callbackB = await callbacksRepository.recordUnanswered(t.db, { callId: 'authz-seen-by-b', storeId: storeB.id, phone: '+819012345678', customerId: customer.id, reason: 'missed', at: new Date(), kind: 'during_hours' });
    f = {
      storeA,
      storeB,
      seeded: { a: ['authz-seen-by-a', String(call.call_id), callback!.id], b: ['authz-seen-by-b', callbackB], none: ['authz-seen-by-admins'] },
      customerId: customer.id,
      callId: String(call.call_id),
      callbackId: callback!.id,
      userId: (await buildUser(t.db, { store: storeB })).id,
      tokens: {
        none: undefined,
        other: (await t.signIn({ role: 'staff', store: storeB })).token,
        staff: (await t.signIn({ role: 'staff', store: storeA })).token,
        admin: (await t.signIn({ role: 'admin' })).token,
      },
    };
  });
  afterAll(() => t.close());

  /** One request of a row, as `role`: the status and the body as text. */
  async function send(route: string, row: Row, role: Role): Promise<{ status: number; text: string }> {
    const req = await row.call(f, t);
    const headers: Record<string, string> = authHeader(f.tokens[role]);
    let body: string | undefined;
    if (req.raw) [headers['content-type'], body] = [req.raw.type, req.raw.data];
    else if (req.body !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(req.body)];
    const res = await fetch(`${t.url}${req.path}`, { method: route.split(' ')[0]!, headers, body, redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  }

  it('has exactly one row per route: add a row to TABLE when you add a route', () => {
    const routes = [...routesOf(t.app.printRoutes({ commonPrefix: false }))].filter((r) => !webAppRoutes().has(r)).sort();
    expect(routes).toContain('POST /api/auth/login');
    expect(routes).toEqual(Object.keys(TABLE).sort());
  });

  for (const [route, row] of Object.entries(TABLE)) {
    it(`${route}: ${row.expect.join(' / ')}`, async () => {
      const got: number[] = [];
      for (const role of ROLES) got.push((await send(route, row, role)).status);
      expect(got).toEqual(row.expect);
    });
  }

  it('never shows staff a call or call-back of another store, or of no store, in any route or field', async () => {
    // Every route of the table, as staff of each store: none of the hidden ids appears anywhere in what comes back.
    const hidden: Record<'staff' | 'other', string[]> = { staff: [...f.seeded.b, ...f.seeded.none], other: [...f.seeded.a, ...f.seeded.none] };
    for (const role of ['staff', 'other'] as const) {
      for (const [route, row] of Object.entries(TABLE)) {
        const { text } = await send(route, row, role);
        for (const id of hidden[role]) expect(text, `${route} as ${role}`).not.toContain(id);
      }
    }
    // Not vacuous: the same routes do show each store's own, and admins everything.
    const history = (token: string | undefined) => t.request('GET', `/api/customers/${f.customerId}/calls`, token).then((r) => JSON.stringify(r.body));
    expect(await history(f.tokens.staff)).toContain('authz-seen-by-a');
    expect(await history(f.tokens.other)).toContain('authz-seen-by-b');
    const all = await history(f.tokens.admin);
    for (const id of [...f.seeded.a.slice(0, 2), ...f.seeded.b.slice(0, 1), ...f.seeded.none]) expect(all).toContain(id);
    const detail = await t.request('GET', '/api/calls/authz-seen-by-a', f.tokens.staff);
    expect(JSON.stringify(detail.body)).toContain(f.callId);
  });

  it('never lists another store’s calls or call-backs to staff', async () => {
    for (const path of ['/api/calls', '/api/calls/active', '/api/callbacks', '/api/calls?store=authz-a']) {
      const res = await fetch(`${t.url}${path}`, { headers: authHeader(f.tokens.other) });
      const text = await res.text();
      expect(text, path).not.toContain(f.callId);
      expect(text, path).not.toContain(f.callbackId);
    }
  });
});
