import { sessionStore } from '../session';

/**
 * An error answer of the API: `{error, message, details?}` with the HTTP status. `message` is the
 * server's English, for the console; what a person reads is errorText (lib/i18n/errors.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** false for the login call: its 401 means a wrong password, not an expired session. */
  session?: boolean;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function errorFrom(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const { error, message, details } = body as { error?: unknown; message?: unknown; details?: unknown };
    if (typeof error === 'string') return new ApiError(status, error, typeof message === 'string' ? message : error, details);
  }
  return new ApiError(status, status >= 500 ? 'internal_error' : 'http_error', `HTTP ${status}`);
}

/** Calls the API on this origin with the session's token; an expired or disabled session signs out. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, session = true } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session ? sessionStore.token() : null;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const error = errorFrom(response.status, parsed);
    if (session && response.status === 401) sessionStore.clear('expired');
    if (session && response.status === 403 && error.code === 'account_disabled') sessionStore.clear('disabled');
    throw error;
  }
  return parsed as T;
}

/** True when the endpoint is not there (yet): features built on it show as unavailable. */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;
