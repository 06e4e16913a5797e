// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../../../common/customers';
import { sessionStore } from '../../../lib/session';
import { type ImportProgress, importCustomersCsv, readNdjson } from './importCsv';
import { filenameFrom } from '../../../lib/api/download';

const user = { id: 'u1', email: 'a@example.jp', name: 'A', role: 'admin' as const, storeCode: null, dialpadUserId: null, disabled: false };

const result: ImportResult = {
  dryRun: false,
  encoding: 'shift_jis',
  total: 3,
  created: 1,
  updated: 1,
  unchanged: 0,
  failed: 1,
  failures: [{ row: 4, field: 'homeStoreCode', column: '店舗', message: 'No store', code: 'unknown_store', params: { store: '船橋' } }],
  unknownHeaders: [],
  rows: [{ row: 2, action: 'create', customerId: 'c1', name: '山田 花子', changes: [{ field: 'name', old: null, new: '山田 花子' }] }],
  rowsTruncated: false,
  durationMs: 12,
};

/** A body that arrives in these chunks (bytes, so a character can be cut in two). */
function chunked(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
}

/** Cuts the text's UTF-8 bytes every `size` bytes. */
function cut(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

const ndjson = (...lines: object[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

function answer(body: string, init: { status?: number; type?: string } = {}): { requests: { url: string; init?: RequestInit }[] } {
  const requests: { url: string; init?: RequestInit }[] = [];
  globalThis.fetch = (input, requestInit) => {
    requests.push({ url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init: requestInit });
    return Promise.resolve(
      new Response(chunked(cut(body, 7)), { status: init.status ?? 200, headers: { 'content-type': init.type ?? 'application/x-ndjson; charset=utf-8' } }),
    );
  };
  return { requests };
}

afterEach(() => localStorage.clear());

describe('readNdjson', () => {
  it('gives each line once, whole, however the bytes were cut (a kanji across chunks, no final newline, blank lines)', async () => {
    const text = `{"type":"progress","done":1,"total":2}\n\n{"type":"result","name":"山田 花子"}`;
    for (const size of [1, 2, 5, 1000]) {
      const lines: unknown[] = [];
      await readNdjson(chunked(cut(text, size)), (line) => lines.push(line));
      expect(lines, `chunks of ${size}`).toEqual([
        { type: 'progress', done: 1, total: 2 },
        { type: 'result', name: '山田 花子' },
      ]);
    }
  });

  it('fails on a line that is not JSON', async () => {
    await expect(readNdjson(chunked(cut('{"type":"progress"}\n{oops\n', 4)), () => undefined)).rejects.toThrow(SyntaxError);
  });
});

describe('importCustomersCsv', () => {
  it('streams: reports every progress line in order, then returns the result; sends the bytes, modes and token', async () => {
    sessionStore.set({ token: 'tok', user });
    const { requests } = answer(ndjson({ type: 'progress', done: 0, total: 3 }, { type: 'progress', done: 3, total: 3 }, { type: 'result', ...result }));
    const file = new Blob([new Uint8Array([0x8e, 0x52, 0x93, 0x63])]);
    const progress: ImportProgress[] = [];
    const got = await importCustomersCsv({ file, modes: { notes: 'replace', tags: 'keep' }, dryRun: false, onProgress: (p) => progress.push(p) });

    expect(progress).toEqual([
      { done: 0, total: 3 },
      { done: 3, total: 3 },
    ]);
    expect(got).toMatchObject({ created: 1, updated: 1, failed: 1, encoding: 'shift_jis', rows: result.rows, failures: result.failures });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('/api/customers/import?dryRun=false&notes=replace&tags=keep');
    const headers = new Headers(requests[0]!.init?.headers);
    expect(headers.get('accept')).toBe('application/x-ndjson');
    expect(headers.get('authorization')).toBe('Bearer tok');
    expect(requests[0]!.init?.body).toBe(file);
  });

  it('throws the error line as an ApiError when the import stops after the 200', async () => {
    answer(ndjson({ type: 'progress', done: 0, total: 3 }, { type: 'error', error: 'storage_unavailable', message: 'down' }));
    await expect(importCustomersCsv({ file: new Blob(['x']), modes: { notes: 'append', tags: 'append' }, dryRun: false, onProgress: () => undefined })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'storage_unavailable',
    });
  });

  it('throws when the stream ends without a result', async () => {
    answer(ndjson({ type: 'progress', done: 1, total: 3 }));
    await expect(importCustomersCsv({ file: new Blob(['x']), modes: { notes: 'append', tags: 'append' }, dryRun: false, onProgress: () => undefined })).rejects.toMatchObject({
      code: 'network_error',
    });
  });

  it('a dry run reads the plain JSON answer; a 400 is an ApiError with its details', async () => {
    answer(JSON.stringify({ ...result, dryRun: true }), { type: 'application/json' });
    await expect(importCustomersCsv({ file: new Blob(['x']), modes: { notes: 'append', tags: 'append' }, dryRun: true })).resolves.toMatchObject({ dryRun: true, total: 3 });

    answer(JSON.stringify({ error: 'validation_failed', message: 'No name column', details: [{ field: 'header.氏名', message: 'Missing name column' }] }), {
      status: 400,
      type: 'application/json',
    });
    await expect(importCustomersCsv({ file: new Blob(['x']), modes: { notes: 'append', tags: 'append' }, dryRun: true })).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: [{ field: 'header.氏名' }],
    });
  });

  it('a 401 ends the session', async () => {
    sessionStore.set({ token: 'tok', user });
    answer(JSON.stringify({ error: 'unauthorized', message: 'Sign in' }), { status: 401, type: 'application/json' });
    await expect(importCustomersCsv({ file: new Blob(['x']), modes: { notes: 'append', tags: 'append' }, dryRun: true })).rejects.toMatchObject({ status: 401 });
    expect(sessionStore.get()).toBeNull();
  });
});

describe('filenameFrom', () => {
  it('reads the plain and the RFC 5987 forms, falling back when there is none', () => {
    expect(filenameFrom('attachment; filename="customers-20261202.csv"', 'x.csv')).toBe('customers-20261202.csv');
    expect(filenameFrom("attachment; filename=\"a.csv\"; filename*=UTF-8''%E9%A1%A7%E5%AE%A2.csv", 'x.csv')).toBe('顧客.csv');
    expect(filenameFrom('attachment; filename=plain.csv', 'x.csv')).toBe('plain.csv');
    expect(filenameFrom(null, 'x.csv')).toBe('x.csv');
    expect(filenameFrom('attachment', 'x.csv')).toBe('x.csv');
  });
});
