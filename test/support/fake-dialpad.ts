import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Dialpad's API v2 (the paths and shapes of shared/dialpad.md and Dialpad's
 * OpenAPI spec), so tests never reach the internet. It records every request for assertions.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query: /api/v2/webhooks */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
  /** Date.now() when it arrived (rate-limit tests count requests per window of these). */
  at: number;
}

/** A shared contact as the fake keeps it: the last PUT body for its uid, and Dialpad's id for it. */
export interface StoredContact {
  id: string;
  uid: string;
  body: Record<string, unknown>;
}

/** Dialpad's shared-contact limits: PUT /contacts 100 a minute, the whole company 20 requests a second. */
export const CONTACT_LIMITS = { putsPerMinute: 100, requestsPerSecond: 20 };
const CONTACT_FIELDS = new Set(['uid', 'first_name', 'last_name', 'phones', 'emails', 'company_name', 'job_title', 'urls', 'extension', 'trunk_group']);

export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface StoredWebhook {
  id: string;
  hook_url: string;
  secret: string | null;
}

interface StoredSubscription {
  id: number;
  webhookId: string;
  call_states: string[];
  enabled: boolean;
  target_type?: string;
  target_id?: number;
}

const BASE_PATH = '/api/v2';
/** Dialpad's limit for initiate_call, per user. */
const INITIATE_CALLS_PER_MINUTE = 5;
/** Dialpad's limit for /blockednumbers/add (and its siblings). */
const BLOCKED_NUMBERS_PER_MINUTE = 1200;

export class FakeDialpad {
  readonly requests: RecordedRequest[] = [];
  readonly webhooks: StoredWebhook[] = [];
  readonly subscriptions: StoredSubscription[] = [];
  /** Small, so a handful of items already spans several pages. */
  pageSize = 2;
  /** Whether GET /webhooks tells each webhook's secret (Dialpad may not). */
  revealSecrets = false;
  /** Never answer (to test timeouts). */
  stall = false;
  /** Every initiate_call Dialpad accepted: whose app rang, what was asked. */
  readonly initiatedCalls: { userId: string; body: Record<string, unknown>; at: number }[] = [];
  /** Dialpad user ids "currently on a call". */
  readonly busyUsers = new Set<string>();
  /** Shared contacts by uid (PUT /contacts creates or updates; DELETE /contacts/{id} removes). */
  readonly contacts = new Map<string, StoredContact>();
  /** PUT /contacts accepted per uid: a contact sent twice shows here as 2. */
  readonly putsByUid = new Map<string, number>();
  /** The company's block list (POST /blockednumbers/add and /remove, GET /blockednumbers), E.164. */
  readonly blockedNumbers = new Set<string>();
  /** Answer 429 (with Retry-After) past Dialpad's contact limits, as Dialpad does; off to count what a client sends unchecked. */
  enforceContactLimits = true;
  private readonly failures: FakeFailure[] = [];
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    readonly apiKey: string,
    /** http://127.0.0.1:<port>/api/v2, what DIALPAD_API_BASE points at. */
    readonly url: string,
  ) {}

  static async start(apiKey = 'test-api-key-0123456789'): Promise<FakeDialpad> {
    // The handler needs the instance, and the instance needs the port the server got.
    const holder: { fake?: FakeDialpad } = {};
    const server = createServer((req, res) => void holder.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeDialpad(server, apiKey, `http://127.0.0.1:${port}${BASE_PATH}`);
    return holder.fake;
  }

  /** The next request(s) get this answer instead, in order. */
  failNext(...failures: FakeFailure[]): void {
    this.failures.push(...failures);
  }

  addWebhook(hookUrl: string, secret: string | null = null): StoredWebhook {
    const webhook = { id: String(this.nextId++), hook_url: hookUrl, secret };
    this.webhooks.push(webhook);
    return webhook;
  }

  addSubscription(webhookId: string, callStates: string[], target?: { type: string; id: number }): StoredSubscription {
    const subscription: StoredSubscription = {
      id: this.nextId++,
      webhookId,
      call_states: callStates,
      enabled: true,
      ...(target ? { target_type: target.type, target_id: target.id } : {}),
    };
    this.subscriptions.push(subscription);
    return subscription;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
      at: Date.now(),
    };
    this.requests.push(recorded);
    if (this.stall) return;
    const failure = this.failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? { error: { code: failure.status, message: 'failure' } }, failure.headers);
    if (recorded.authorization !== `Bearer ${this.apiKey}`) return send(res, 401, { error: { code: 401, message: 'Unauthorized' } });
    const [status, body, headers] = this.route(recorded);
    send(res, status, body, headers);
  }

  private route(r: RecordedRequest): [number, unknown, Record<string, string>?] {
    const path = r.path.startsWith(BASE_PATH) ? r.path.slice(BASE_PATH.length) : r.path;
    const body = (r.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (path === '/webhooks' && r.method === 'GET') return this.page(this.webhooks.map((w) => this.presentWebhook(w, this.revealSecrets)), r.query.cursor);
    if (path === '/webhooks' && r.method === 'POST') {
      if (typeof body.hook_url !== 'string') return [400, { error: { code: 400, message: 'hook_url is required' } }];
      const webhook = this.addWebhook(body.hook_url, typeof body.secret === 'string' ? body.secret : null);
      return [200, this.presentWebhook(webhook, true)];
    }
    if ((m = /^\/webhooks\/([^/]+)$/.exec(path)) && r.method === 'DELETE') {
      const i = this.webhooks.findIndex((w) => w.id === m![1]);
      if (i < 0) return [404, { error: { code: 404, message: 'Webhook not found' } }];
      const [webhook] = this.webhooks.splice(i, 1);
      return [200, this.presentWebhook(webhook!, false)];
    }
    if (path === '/subscriptions/call' && r.method === 'GET') return this.page(this.subscriptions.map((s) => this.presentSubscription(s)), r.query.cursor);
    if (path === '/subscriptions/call' && r.method === 'POST') {
      if (!this.webhooks.some((w) => String(body.endpoint_id) === w.id)) return [400, { error: { code: 400, message: 'Invalid endpoint_id' } }];
      const target = typeof body.target_type === 'string' ? { type: body.target_type, id: Number(body.target_id) } : undefined;
      const subscription = this.addSubscription(String(body.endpoint_id), body.call_states as string[], target);
      return [200, this.presentSubscription(subscription)];
    }
    if ((m = /^\/subscriptions\/call\/([^/]+)$/.exec(path)) && r.method === 'DELETE') {
      const i = this.subscriptions.findIndex((s) => String(s.id) === m![1]);
      if (i < 0) return [404, { error: { code: 404, message: 'Subscription not found' } }];
      const [subscription] = this.subscriptions.splice(i, 1);
      return [200, this.presentSubscription(subscription!)];
    }
    if (path === '/contacts' || path.startsWith('/contacts/')) return this.contactsRoute(r, path, body);
    if ((m = /^\/users\/([^/]+)\/initiate_call$/.exec(path)) && r.method === 'POST') return this.initiateCall(decodeURIComponent(m[1]!), body);
    if (path === '/blockednumbers' || path.startsWith('/blockednumbers/')) return this.blockedNumbersRoute(r, path, body);
    return [404, { error: { code: 404, message: `No route ${r.method} ${r.path}` } }];
  }

  /**
   * Click-to-call as Dialpad answers it: "User is currently on a call" for a busy user, 429 past 5
   * a minute per user, else the device it rings. The call's events are the test's to send.
   */
  private initiateCall(userId: string, body: Record<string, unknown>): [number, unknown, Record<string, string>?] {
    if (typeof body.phone_number !== 'string' || !/^\+\d{6,15}$/.test(body.phone_number)) {
      return [400, { error: { code: 400, message: 'Invalid phone_number' } }];
    }
    if (typeof body.custom_data === 'string' && body.custom_data.length > 2000) return [400, { error: { code: 400, message: 'custom_data is too long' } }];
    if (this.busyUsers.has(userId)) return [400, { error: { code: 400, message: 'User is currently on a call' } }];
    const now = Date.now();
    const recent = this.initiatedCalls.filter((c) => c.userId === userId && now - c.at < 60_000);
    if (recent.length >= INITIATE_CALLS_PER_MINUTE) {
      const wait = Math.max(1, Math.ceil((recent[0]!.at + 60_000 - now) / 1000));
      return [429, { error: { code: 429, message: 'Rate limit exceeded' } }, { 'retry-after': String(wait) }];
    }
    this.initiatedCalls.push({ userId, body, at: now });
    return [200, { device: { id: `web-${userId}`, type: 'web', phone_number: null } }];
  }

  /**
   * Dialpad's block list: add and remove take `{numbers: [E.164, ...]}` and answer 200 with no body;
   * 400 for a number that is not E.164; 429 past 1200 a minute, as Dialpad documents.
   */
  private blockedNumbersRoute(r: RecordedRequest, path: string, body: Record<string, unknown>): [number, unknown, Record<string, string>?] {
    const recent = this.requests.filter((q) => q !== r && q.path.startsWith(`${BASE_PATH}/blockednumbers`) && q.at > r.at - 60_000).length;
    if (recent >= BLOCKED_NUMBERS_PER_MINUTE) return [429, { error: { code: 429, message: 'Rate limit exceeded' } }, { 'retry-after': '60' }];
    if (path === '/blockednumbers' && r.method === 'GET') return this.page([...this.blockedNumbers].map((number) => ({ number })), r.query.cursor);
    if ((path === '/blockednumbers/add' || path === '/blockednumbers/remove') && r.method === 'POST') {
      const numbers = body.numbers;
      if (!Array.isArray(numbers) || numbers.length === 0) return [400, { error: { code: 400, message: 'numbers is required' } }];
      if (numbers.some((n) => typeof n !== 'string' || !/^\+[1-9]\d{1,14}$/.test(n))) return [400, { error: { code: 400, message: 'numbers must be e164 numbers' } }];
      for (const n of numbers as string[]) {
        if (path.endsWith('/add')) this.blockedNumbers.add(n);
        else this.blockedNumbers.delete(n);
      }
      return [200, {}];
    }
    return [404, { error: { code: 404, message: `No route ${r.method} ${r.path}` } }];
  }

  /** The company's requests in the second before `r`, and its PUT /contacts in the minute before. */
  private overContactLimits(r: RecordedRequest): string | undefined {
    if (!this.enforceContactLimits) return undefined;
    const recent = (ms: number, put: boolean) =>
      this.requests.filter((q) => q !== r && q.at > r.at - ms && (!put || (q.method === 'PUT' && q.path === `${BASE_PATH}/contacts`))).length;
    if (recent(1000, false) >= CONTACT_LIMITS.requestsPerSecond) return '1';
    if (r.method === 'PUT' && recent(60_000, true) >= CONTACT_LIMITS.putsPerMinute) return '60';
    return undefined;
  }

  private contactsRoute(r: RecordedRequest, path: string, body: Record<string, unknown>): [number, unknown, Record<string, string>?] {
    const wait = this.overContactLimits(r);
    if (wait) return [429, { error: { code: 429, message: 'Rate limit exceeded' } }, { 'retry-after': wait }];
    if (path === '/contacts' && r.method === 'PUT') {
      const unknown = Object.keys(body).filter((k) => !CONTACT_FIELDS.has(k));
      if (unknown.length) return [400, { error: { code: 400, message: `Unknown field(s): ${unknown.join(', ')}` } }];
      if (typeof body.uid !== 'string' || body.uid === '') return [400, { error: { code: 400, message: 'uid is required' } }];
      for (const field of ['first_name', 'last_name'] as const) {
        if (typeof body[field] !== 'string') return [400, { error: { code: 400, message: `${field} is required` } }];
        if (/[\r\n]/.test(body[field])) return [400, { error: { code: 400, message: `${field} must be a single line` } }];
      }
      const phones = body.phones ?? [];
      if (!Array.isArray(phones) || phones.some((p) => typeof p !== 'string' || !/^\+[1-9]\d{1,14}$/.test(p))) {
        return [400, { error: { code: 400, message: 'phones must be e164 numbers' } }];
      }
      const uid = body.uid;
      const contact = { id: this.contacts.get(uid)?.id ?? `shared_${this.nextId++}`, uid, body };
      this.contacts.set(uid, contact);
      this.putsByUid.set(uid, (this.putsByUid.get(uid) ?? 0) + 1);
      return [200, this.presentContact(contact)];
    }
    const m = /^\/contacts\/([^/]+)$/.exec(path);
    const found = m ? [...this.contacts.values()].find((c) => c.id === decodeURIComponent(m[1]!)) : undefined;
    if (m && (r.method === 'DELETE' || r.method === 'GET')) {
      if (!found) return [404, { error: { code: 404, message: 'Contact not found' } }];
      if (r.method === 'DELETE') this.contacts.delete(found.uid);
      return [200, this.presentContact(found)];
    }
    return [404, { error: { code: 404, message: `No route ${r.method} ${r.path}` } }];
  }

  private presentContact(c: StoredContact): unknown {
    const b = c.body;
    return {
      id: c.id,
      type: 'shared',
      first_name: b.first_name,
      last_name: b.last_name,
      display_name: [b.first_name, b.last_name].filter((v) => typeof v === 'string' && v !== '').join(' '),
      phones: b.phones ?? [],
      emails: b.emails ?? [],
      company_name: b.company_name ?? '',
    };
  }

  /** Dialpad's collection shape: `{items, cursor}`, the cursor an opaque token, absent on the last page. */
  private page(items: unknown[], cursor: string | undefined): [number, unknown] {
    const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString().replace(/^offset:/, ''));
    if (!Number.isInteger(offset)) return [400, { error: { code: 400, message: 'Invalid cursor' } }];
    const next = offset + this.pageSize;
    const body: Record<string, unknown> = { items: items.slice(offset, next) };
    if (next < items.length) body.cursor = Buffer.from(`offset:${next}`).toString('base64url');
    return [200, body];
  }

  private presentWebhook(w: StoredWebhook, withSecret: boolean): unknown {
    const signature = w.secret ? { algo: 'HS256', type: 'jwt', ...(withSecret ? { secret: w.secret } : {}) } : undefined;
    return { id: w.id, hook_url: w.hook_url, ...(signature ? { signature } : {}) };
  }

  private presentSubscription(s: StoredSubscription): unknown {
    const webhook = this.webhooks.find((w) => w.id === s.webhookId);
    return {
      id: s.id,
      call_states: s.call_states,
      enabled: s.enabled,
      group_calls_only: false,
      ...(s.target_type ? { target_type: s.target_type, target_id: s.target_id } : {}),
      webhook: webhook ? this.presentWebhook(webhook, false) : { id: s.webhookId },
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
