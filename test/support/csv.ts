import { count } from 'drizzle-orm';
import type { Customer, CustomerList, ImportMode, ImportResult } from '../../common/customers';
import type { Db } from '../../server/db/client';
import { customers } from '../../server/db/schema';
import type { Reply, TestApp } from './app';

/** Helpers shared by the CSV import and export tests and the CLI's. */

/** A CSV file as Excel writes it: every cell quoted, CRLF line ends. */
export function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

/** The file's bytes as the body (not JSON, so not `t.request()`). */
export async function postCsv(
  t: TestApp,
  token: string | undefined,
  body: string | Uint8Array,
  options: { dryRun?: boolean; accept?: string; contentType?: string; notes?: ImportMode; tags?: ImportMode } = {},
): Promise<Response> {
  const query = new URLSearchParams({
    ...(options.dryRun ? { dryRun: 'true' } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  }).toString();
  return fetch(`${t.url}/api/customers/import${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': options.contentType ?? 'text/csv',
      ...(options.accept ? { accept: options.accept } : {}),
    },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
}

export async function importCsv(
  t: TestApp,
  token: string | undefined,
  body: string | Uint8Array,
  dryRun = false,
  modes: { notes?: ImportMode; tags?: ImportMode } = {},
): Promise<Reply<ImportResult>> {
  const res = await postCsv(t, token, body, { dryRun, ...modes });
  return { status: res.status, body: (await res.json()) as Reply<ImportResult>['body'], headers: res.headers };
}

export async function countCustomers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(customers);
  return row!.n;
}

/** The customers holding a number, read through the API as staff would see them. */
export async function holdersOf(t: TestApp, token: string, phone: string): Promise<Customer[]> {
  const list = await t.request<CustomerList>('GET', `/api/customers?phone=${encodeURIComponent(phone)}`, token);
  return Promise.all(list.body.items.map(async (item) => (await t.request<Customer>('GET', `/api/customers/${item.id}`, token)).body));
}
