import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { normalizeDialpadPayload } from '../../../server/dialpad/normalize';
import { callEvents } from '../../../server/db/schema';
import type { Db } from '../../../server/db/client';
import { dialpadCall, dialpadJwt } from '../../support/dialpad';

/** One delivery and what the server said: a status, or `error` when no answer came (connection refused or cut). */
export interface Delivery {
  dedupeKey: string;
  status: number | 'error';
}

export interface Load {
  results: Delivery[];
  count(status: number | 'error'): number;
  /** Stops the workers and resolves when the last request has been answered. */
  stop(): Promise<Delivery[]>;
}

/**
 * Webhook deliveries as fast as `concurrency` workers can send them (distinct ringing, then hangup
 * events, as Dialpad sends them), until stopped or `max` are sent: bounded, whatever happens.
 */
export function startLoad(url: () => string, options: { concurrency?: number; max?: number } = {}): Load {
  const { concurrency = 8, max = 20_000 } = options;
  const results: Delivery[] = [];
  let stopped = false;
  let sent = 0;
  const worker = async () => {
    while (!stopped && sent < max) {
      sent += 1;
      const call = dialpadCall();
      const events = [call, { ...call, state: 'hangup', event_timestamp: (call.event_timestamp as number) + 1 }];
      for (const claims of events) {
        const { dedupeKey } = normalizeDialpadPayload(claims, new Date());
        const body = await dialpadJwt(claims);
        const status = await fetch(`${url()}/api/dialpad/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body, signal: AbortSignal.timeout(10_000) }).then(
          async (res) => {
            await res.arrayBuffer();
            return res.status;
          },
          () => 'error' as const,
        );
        results.push({ dedupeKey, status });
        // Without an answer there is nothing to wait for: pause so a dead server is not spun on.
        if (status === 'error') await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  return {
    results,
    count: (status) => results.filter((r) => r.status === status).length,
    stop: async () => {
      stopped = true;
      await workers;
      return results;
    },
  };
}

/** The acknowledged (200) deliveries whose event is not in call_events: must be none. */
export async function missingFrom(query: (keys: string[]) => Promise<string[]>, results: Delivery[]): Promise<string[]> {
  const acknowledged = results.filter((r) => r.status === 200).map((r) => r.dedupeKey);
  const found = new Set<string>();
  for (let i = 0; i < acknowledged.length; i += 1_000) for (const key of await query(acknowledged.slice(i, i + 1_000))) found.add(key);
  return acknowledged.filter((key) => !found.has(key));
}

/** Looks the keys up with a connection of its own (the app's pool may still be recovering). */
export function keysOnServer(url: string): (keys: string[]) => Promise<string[]> {
  return async (keys) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ dedupe_key: string }>('SELECT dedupe_key FROM call_events WHERE dedupe_key = ANY($1)', [keys]);
      return rows.map((r) => r.dedupe_key);
    } finally {
      await client.end();
    }
  };
}

export function keysIn(db: Db): (keys: string[]) => Promise<string[]> {
  return async (keys) => (await db.select({ key: callEvents.dedupeKey }).from(callEvents).where(inArray(callEvents.dedupeKey, keys))).map((r) => r.key);
}
