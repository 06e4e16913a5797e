import { z } from 'zod';

/**
 * A small client for the part of Dialpad's API v2 that connects a server: webhooks and call-event
 * subscriptions (see shared/dialpad.md). Every failure becomes a DialpadApiError whose message a
 * person can act on; the API key is sent only in the Authorization header and never appears in one.
 */

export const DIALPAD_API_BASE = 'https://dialpad.com/api/v2';
export const DIALPAD_SANDBOX_API_BASE = 'https://sandbox.dialpad.com/api/v2';

/** The call states a subscription can ask for (the enum of Dialpad's CreateCallEventSubscription). */
export const DIALPAD_CALL_STATES = [
  'admin', 'admin_recording', 'ai_playbook', 'all', 'barge', 'blocked', 'call_transcription', 'calling',
  'connected', 'csat', 'dispositions', 'eavesdrop', 'hangup', 'hold', 'merged', 'missed', 'monitor', 'parked',
  'pcsat', 'postcall', 'preanswer', 'queued', 'recap_action_items', 'recap_outcome', 'recap_purposes',
  'recap_summary', 'recording', 'ringing', 'takeover', 'transcription', 'voicemail', 'voicemail_uploaded',
] as const;

/** What a subscription can be limited to (Dialpad's target_type enum); none means the whole company. */
export const DIALPAD_TARGET_TYPES = [
  'callcenter', 'callrouter', 'channel', 'coachinggroup', 'coachingteam', 'department', 'office', 'room',
  'staffgroup', 'unknown', 'user',
] as const;

const DEFAULT_TIMEOUT_MS = 15_000;
/** Far more pages than any company has webhooks; it only stops a server that keeps handing out cursors. */
const MAX_PAGES = 1000;
/** Dialpad's limits are per minute, so without Retry-After a minute is the safe wait. */
const DEFAULT_RETRY_AFTER_S = 60;

/** Dialpad sends ids as numbers or strings; they are kept as strings. */
const idSchema = z.union([z.string(), z.number()]).transform(String);

const webhookSchema = z.object({
  id: idSchema,
  hook_url: z.string(),
  signature: z
    .object({ algo: z.string().nullish(), type: z.string().nullish(), secret: z.string().nullish() })
    .nullish()
    .transform((s) => (s ? { algo: s.algo ?? null, type: s.type ?? null, secret: s.secret ?? null } : null)),
});

const subscriptionSchema = z
  .object({
    id: idSchema,
    call_states: z.array(z.string()).nullish(),
    enabled: z.boolean().nullish(),
    target_type: z.string().nullish(),
    target_id: idSchema.nullish(),
    webhook: z.object({ id: idSchema.nullish() }).nullish(),
    endpoint_id: idSchema.nullish(),
    webhook_id: idSchema.nullish(),
  })
  .transform((s) => ({
    id: s.id,
    call_states: s.call_states ?? [],
    enabled: s.enabled ?? null,
    target_type: s.target_type ?? null,
    target_id: s.target_id ?? null,
    // Dialpad nests the webhook it delivers to; older answers name it endpoint_id or webhook_id.
    webhook_id: s.webhook?.id ?? s.endpoint_id ?? s.webhook_id ?? null,
  }));

const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).nullish(),
    cursor: z.union([z.string(), z.number()]).nullish(),
  });

export type DialpadWebhook = z.infer<typeof webhookSchema>;
export type DialpadCallSubscription = z.infer<typeof subscriptionSchema>;

export interface CreateWebhookInput {
  hook_url: string;
  secret: string;
}

export interface CreateCallSubscriptionInput {
  endpoint_id: string;
  call_states: string[];
  enabled: true;
  target_type?: string | undefined;
  target_id?: string | undefined;
}

export interface InitiateCallInput {
  /** E.164 */
  phone_number: string;
  outbound_caller_id?: string | null | undefined;
  /** The office the call is placed for (its number shows). */
  group_id?: string | null | undefined;
  /** Ours, echoed on the call's events; at most 2 KB. */
  custom_data?: string | undefined;
}

export interface DialpadClientOptions {
  apiKey: string;
  /** Defaults to https://dialpad.com/api/v2. */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** A Dialpad API call that failed; `status` is null when no HTTP answer came back. */
export class DialpadApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** Seconds to wait, for 429. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'DialpadApiError';
  }
}

type Method = 'GET' | 'POST' | 'DELETE';

export class DialpadClient {
  private readonly apiKey: string;
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: DialpadClientOptions) {
    // fetch rejects header values with line breaks as a TypeError, which would read as a network failure.
    if (!/^[\x21-\x7e]+$/.test(options.apiKey)) throw new Error('the Dialpad API key is empty or has spaces or line breaks in it');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DIALPAD_API_BASE).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Every webhook of the company, following the `cursor` pages. */
  listWebhooks(): Promise<DialpadWebhook[]> {
    return this.listAll('/webhooks', webhookSchema, 'listing webhooks');
  }

  async createWebhook(input: CreateWebhookInput): Promise<DialpadWebhook> {
    const body = await this.request('POST', '/webhooks', 'creating the webhook', input);
    return this.parse(webhookSchema, body, 'creating the webhook');
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.request('DELETE', `/webhooks/${encodeURIComponent(id)}`, `deleting webhook ${id}`);
  }

  /** Every call-event subscription of the company, following the `cursor` pages. */
  listCallSubscriptions(): Promise<DialpadCallSubscription[]> {
    return this.listAll('/subscriptions/call', subscriptionSchema, 'listing call subscriptions');
  }

  async createCallSubscription(input: CreateCallSubscriptionInput): Promise<DialpadCallSubscription> {
    const what = 'creating the call subscription';
    const body = {
      endpoint_id: apiId(input.endpoint_id),
      call_states: input.call_states,
      enabled: input.enabled,
      ...(input.target_type !== undefined ? { target_type: input.target_type } : {}),
      ...(input.target_id !== undefined ? { target_id: apiId(input.target_id) } : {}),
    };
    return this.parse(subscriptionSchema, await this.request('POST', '/subscriptions/call', what, body), what);
  }

  async deleteCallSubscription(id: string): Promise<void> {
    await this.request('DELETE', `/subscriptions/call/${encodeURIComponent(id)}`, `deleting call subscription ${id}`);
  }

  /**
   * Click-to-call: rings the user's Dialpad app, then dials `phone_number` (5 a minute per user).
   * Dialpad answers with the device it rang, not a call id: the call is known by its events (custom_data).
   */
  async initiateCall(dialpadUserId: string, input: InitiateCallInput): Promise<void> {
    const body = {
      phone_number: input.phone_number,
      ...(input.outbound_caller_id ? { outbound_caller_id: input.outbound_caller_id } : {}),
      ...(input.group_id ? { group_id: apiId(input.group_id), group_type: 'office' } : {}),
      ...(input.custom_data ? { custom_data: input.custom_data } : {}),
    };
    await this.request('POST', `/users/${encodeURIComponent(dialpadUserId)}/initiate_call`, 'placing the call', body);
  }

  private async listAll<T extends z.ZodType>(path: string, item: T, what: string): Promise<z.infer<T>[]> {
    const all: z.infer<T>[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.request('GET', path, what, undefined, cursor);
      const parsed = this.parse(pageSchema(item), body, what);
      all.push(...(parsed.items ?? []));
      const next = parsed.cursor === null || parsed.cursor === undefined ? '' : String(parsed.cursor);
      // A repeated cursor would loop forever; the pages already read are all there is.
      if (next === '' || seen.has(next)) return all;
      seen.add(next);
      cursor = next;
    }
    throw new DialpadApiError(`${what}: Dialpad kept returning more pages (over ${MAX_PAGES})`, null);
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'the answer';
      throw new DialpadApiError(`${what}: Dialpad answered in an unexpected shape (${where}: ${issue?.message ?? 'invalid'})`, null);
    }
    return parsed.data;
  }

  /** One call to Dialpad, its failures as DialpadApiError; for the API's other parts (server/dialpad/blocked-numbers.ts). */
  async request(method: Method, path: string, what: string, body?: unknown, cursor?: string): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let text: string;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw this.networkError(url, err, what);
    }
    if (!response.ok) throw this.httpError(response, text, what);
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DialpadApiError(`${what}: Dialpad answered with something that is not JSON`, response.status);
    }
  }

  private networkError(url: URL, err: unknown, what: string): DialpadApiError {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
      return new DialpadApiError(`${what}: cannot reach ${url.host}: no answer within ${limit}`, null);
    }
    // Node's fetch fails with "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, ...) is its cause.
    const cause = err instanceof Error ? err.cause : undefined;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
    const reason = code ?? (cause instanceof Error ? cause.message : undefined);
    return new DialpadApiError(`${what}: cannot reach ${url.host}${reason ? ` (${reason})` : ''}`, null);
  }

  private httpError(response: Response, text: string, what: string): DialpadApiError {
    const status = response.status;
    const tag = `(HTTP ${status})`;
    if (status === 401) return new DialpadApiError(`${what}: the API key is wrong or revoked ${tag}`, status);
    if (status === 403) return new DialpadApiError(`${what}: the key's owner is not a company admin ${tag}`, status);
    if (status === 429) {
      const wait = retryAfterSeconds(response.headers.get('retry-after'));
      return new DialpadApiError(`${what}: rate limited: wait ${wait} s ${tag}`, status, wait);
    }
    if (status >= 500) return new DialpadApiError(`${what}: Dialpad is having trouble ${tag}; try again in a few minutes`, status);
    const detail = this.dialpadMessage(text);
    if (status === 404) return new DialpadApiError(`${what}: not found ${tag}${detail ? `: ${detail}` : ''}`, status);
    return new DialpadApiError(`${what}: Dialpad refused the request ${tag}${detail ? `: ${detail}` : ''}`, status);
  }

  /** Dialpad's own explanation from an error body, cleaned, capped, and never echoing the key. */
  private dialpadMessage(text: string): string {
    let message: unknown = text;
    try {
      const body = JSON.parse(text) as unknown;
      if (typeof body === 'object' && body !== null) {
        const error = 'error' in body ? body.error : undefined;
        message =
          typeof error === 'object' && error !== null && 'message' in error
            ? error.message
            : 'message' in body
              ? body.message
              : error;
      }
    } catch {
      // Not JSON: the text itself (often an HTML error page, which the cap below keeps short).
    }
    if (typeof message !== 'string') return '';
    return message
      .split(this.apiKey)
      .join('***')
      .replace(/\p{Cc}+/gu, ' ')
      .trim()
      .slice(0, 300);
  }
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_S;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_S : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/** Dialpad's spec types these ids as integers: digits go out as a JSON number when that is exact. */
function apiId(id: string): string | number {
  return /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}
