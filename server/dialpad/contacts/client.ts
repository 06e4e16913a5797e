import { DIALPAD_API_BASE, DialpadApiError } from '../api-client';
import type { DialpadContactBody } from './contact';

/**
 * Dialpad's shared-contacts endpoints (shared/dialpad.md): `PUT /contacts` creates or updates the
 * company contact keyed by `uid`, `DELETE /contacts/{id}` removes one by Dialpad's own id. Failures
 * are DialpadApiError with the HTTP status (null: no answer) and, for 429, the seconds to wait.
 */

/** Without Retry-After a 429 waits this long: Dialpad's contact limit is per minute. */
const DEFAULT_RETRY_AFTER_S = 60;
/** Short enough that a graceful shutdown (10 s) is never held up by one slow answer. */
const DEFAULT_TIMEOUT_MS = 8000;

export interface ContactsClientOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

export interface ContactsApi {
  /** Returns Dialpad's id of the contact (null when the answer named none). */
  upsert(body: DialpadContactBody, signal?: AbortSignal): Promise<{ id: string | null }>;
  /** 'absent' when Dialpad no longer has it (404): the goal of a delete is met either way. */
  delete(contactId: string, signal?: AbortSignal): Promise<'deleted' | 'absent'>;
}

export class DialpadContactsClient implements ContactsApi {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ContactsClientOptions) {
    if (!/^[\x21-\x7e]+$/.test(options.apiKey)) throw new Error('the Dialpad API key is empty or has spaces or line breaks in it');
    this.baseUrl = (options.baseUrl ?? DIALPAD_API_BASE).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async upsert(body: DialpadContactBody, signal?: AbortSignal): Promise<{ id: string | null }> {
    const answer = await this.request('PUT', '/contacts', `pushing contact ${body.uid}`, body, signal);
    const id = typeof answer === 'object' && answer !== null && 'id' in answer ? answer.id : undefined;
    return { id: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
  }

  async delete(contactId: string, signal?: AbortSignal): Promise<'deleted' | 'absent'> {
    try {
      await this.request('DELETE', `/contacts/${encodeURIComponent(contactId)}`, `deleting contact ${contactId}`, undefined, signal);
      return 'deleted';
    } catch (err) {
      if (err instanceof DialpadApiError && err.status === 404) return 'absent';
      throw err;
    }
  }

  private async request(method: 'PUT' | 'DELETE', path: string, what: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (err) {
      const cause = err instanceof Error ? err.cause : undefined;
      const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
      const reason = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError') ? err.name : code;
      throw new DialpadApiError(`${what}: cannot reach ${new URL(url).host}${reason ? ` (${reason})` : ''}`, null);
    }
    if (response.ok) return parseJson(text);
    const status = response.status;
    if (status === 429) {
      const wait = retryAfterSeconds(response.headers.get('retry-after'));
      throw new DialpadApiError(`${what}: rate limited: wait ${wait} s (HTTP 429)`, status, wait);
    }
    if (status === 401) throw new DialpadApiError(`${what}: the API key is wrong or revoked (HTTP 401)`, status);
    if (status === 403) throw new DialpadApiError(`${what}: the key may not manage shared contacts (HTTP 403)`, status);
    if (status >= 500) throw new DialpadApiError(`${what}: Dialpad is having trouble (HTTP ${status})`, status);
    throw new DialpadApiError(`${what}: Dialpad refused it (HTTP ${status})${this.detail(text)}`, status);
  }

  /** Dialpad's own explanation, one line, capped, never echoing the key. */
  private detail(text: string): string {
    const body = parseJson(text);
    const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
    const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : (error ?? text);
    if (typeof message !== 'string' || message.trim() === '') return '';
    return `: ${message.split(this.options.apiKey).join('***').replace(/\p{Cc}+/gu, ' ').trim().slice(0, 200)}`;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number {
  const value = header?.trim() ?? '';
  if (value === '') return DEFAULT_RETRY_AFTER_S;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_S : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
