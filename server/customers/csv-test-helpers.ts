import { count } from 'drizzle-orm';
import type { Customer, CustomerList } from '../../common/customers';
import type { TestApp } from '../../test/support/app';
import type { Db } from '../db/client';
import { customers } from '../db/schema';
import type { ImportResultBody } from './import-schema';

/** Helpers shared by the CSV import and export tests (not a test file itself). */

export interface ImportReply {
  status: number;
  body: ImportResultBody & { error?: string; message?: string; details?: unknown };
}

/** A CSV file as Excel writes it: every cell quoted, CRLF line ends. */
export function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

export async function postCsv(
  t: TestApp,
  token: string | undefined,
  body: string | Uint8Array,
  options: { dryRun?: boolean; accept?: string; contentType?: string } = {},
): Promise<Response> {
  return fetch(`${t.url}/api/customers/import${options.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': options.contentType ?? 'text/csv',
      ...(options.accept ? { accept: options.accept } : {}),
    },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
}

export async function importCsv(t: TestApp, token: string | undefined, body: string | Uint8Array, dryRun = false): Promise<ImportReply> {
  const res = await postCsv(t, token, body, { dryRun });
  return { status: res.status, body: (await res.json()) as ImportReply['body'] };
}

export async function countCustomers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(customers);
  return row!.n;
}

/** The customers holding a number, read through the API as staff would see them. */
export async function holdersOf(t: TestApp, token: string, phone: string): Promise<Customer[]> {
  const res = await fetch(`${t.url}/api/customers?phone=${encodeURIComponent(phone)}`, { headers: { authorization: `Bearer ${token}` } });
  const list = (await res.json()) as CustomerList;
  return Promise.all(
    list.items.map(async (item) => {
      const one = await fetch(`${t.url}/api/customers/${item.id}`, { headers: { authorization: `Bearer ${token}` } });
      return (await one.json()) as Customer;
    }),
  );
}
