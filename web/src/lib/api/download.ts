import { sessionStore } from '../session';
import { ApiError, type Query, withQuery } from './http';

/** The name a Content-Disposition header gives (RFC 6266: `filename*=UTF-8''…` before `filename="…"`). */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A broken escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(disposition);
  return plain?.[1] || plain?.[2] || fallback;
}

/**
 * Downloads a file the API serves to signed-in users (a plain link cannot send the token): fetched
 * as a blob and saved through an object URL under the server's file name, which it returns.
 */
export async function downloadFile(path: string, options: { query?: Query; accept?: string; fallbackName: string }): Promise<string> {
  const token = sessionStore.token();
  const headers: Record<string, string> = options.accept ? { accept: options.accept } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(withQuery(path, options.query), { headers }).catch((err: unknown) => {
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'network error');
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: unknown; message?: unknown; details?: unknown };
    if (response.status === 401) sessionStore.clear('expired');
    const code = typeof body.error === 'string' ? body.error : 'http_error';
    throw new ApiError(response.status, code, typeof body.message === 'string' ? body.message : `HTTP ${response.status}`, body.details);
  }
  const filename = filenameFrom(response.headers.get('content-disposition'), options.fallbackName);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked once the browser has surely read it (revoking at once can cancel a slow save).
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return filename;
}
