import type { ImportMode, ImportResult } from '../../../../../common/customers';
import { ApiError, withQuery } from '../../../lib/api/http';
import { sessionStore } from '../../../lib/session';

/** What an existing customer's 備考 and tags become (POST /api/customers/import?notes=…&tags=…). */
export interface ImportModes {
  notes: ImportMode;
  tags: ImportMode;
}

export interface ImportProgress {
  done: number;
  total: number;
}

/** One line of the import's NDJSON answer (server/customers/import/routes.ts). */
export type ImportStreamLine =
  | ({ type: 'progress' } & ImportProgress)
  | ({ type: 'result' } & ImportResult)
  | { type: 'error'; error: string; message: string; details?: unknown };

const isLine = (value: unknown): value is ImportStreamLine =>
  typeof value === 'object' && value !== null && ['progress', 'result', 'error'].includes(String((value as { type?: unknown }).type));

/**
 * Reads a stream of JSON lines as they arrive, calling `onLine` for each: a line split across
 * chunks (or a character split across them) is joined first; blank lines are skipped.
 */
export async function readNdjson(body: ReadableStream<Uint8Array>, onLine: (line: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const flush = (final: boolean): void => {
    const lines = buffer.split('\n');
    buffer = final ? '' : (lines.pop() ?? '');
    for (const line of lines) if (line.trim()) onLine(JSON.parse(line));
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    flush(false);
  }
  buffer += decoder.decode();
  flush(true);
}

/** An error answer as the rest of the app sees it (lib/api/http.ts); an ended session signs out. */
async function errorOf(response: Response): Promise<ApiError> {
  let body: { error?: unknown; message?: unknown; details?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = {};
  }
  if (response.status === 401) sessionStore.clear('expired');
  if (response.status === 403 && body.error === 'account_disabled') sessionStore.clear('disabled');
  const code = typeof body.error === 'string' ? body.error : response.status >= 500 ? 'internal_error' : 'http_error';
  return new ApiError(response.status, code, typeof body.message === 'string' ? body.message : `HTTP ${response.status}`, body.details);
}

interface ImportRequest {
  file: Blob;
  modes: ImportModes;
  dryRun: boolean;
  signal?: AbortSignal;
  /** Called for each progress line; given, the answer is streamed (Accept: application/x-ndjson). */
  onProgress?: (progress: ImportProgress) => void;
}

/** Sends the file's bytes as they are (UTF-8 or Shift_JIS: the server reads which) and returns the result. */
export async function importCustomersCsv({ file, modes, dryRun, signal, onProgress }: ImportRequest): Promise<ImportResult> {
  const headers: Record<string, string> = {
    accept: onProgress ? 'application/x-ndjson' : 'application/json',
    'content-type': 'text/csv',
  };
  const token = sessionStore.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(withQuery('/api/customers/import', { dryRun, notes: modes.notes, tags: modes.tags }), { method: 'POST', headers, body: file, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'network error');
  }
  if (!response.ok) throw await errorOf(response);
  if (!onProgress || !response.body || !response.headers.get('content-type')?.includes('application/x-ndjson')) {
    return (await response.json()) as ImportResult;
  }
  // Filled by the callback (an object: a closure's assignments are invisible to TypeScript's narrowing).
  const outcome: { result?: ImportResult; failure?: ApiError } = {};
  await readNdjson(response.body, (line) => {
    if (!isLine(line)) return;
    switch (line.type) {
      case 'progress':
        onProgress({ done: line.done, total: line.total });
        break;
      case 'result':
        outcome.result = line;
        break;
      case 'error':
        outcome.failure = new ApiError(response.status, line.error, line.message, line.details);
        break;
    }
  });
  if (outcome.failure) throw outcome.failure;
  if (!outcome.result) throw new ApiError(response.status, 'network_error', 'The import ended without a result');
  return outcome.result;
}
