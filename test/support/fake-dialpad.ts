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
}

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
    };
    this.requests.push(recorded);
    if (this.stall) return;
    const failure = this.failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? { error: { code: failure.status, message: 'failure' } }, failure.headers);
    if (recorded.authorization !== `Bearer ${this.apiKey}`) return send(res, 401, { error: { code: 401, message: 'Unauthorized' } });
    const [status, body] = this.route(recorded);
    send(res, status, body);
  }

  private route(r: RecordedRequest): [number, unknown] {
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
    return [404, { error: { code: 404, message: `No route ${r.method} ${r.path}` } }];
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
