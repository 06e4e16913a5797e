/**
 * The server under test, in a process of its own: what server/index.ts starts (the same buildApp,
 * production settings, logging at info to a discarded stdout), plus a seed and a memory probe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp, LISTEN_BACKLOG } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type Database, openDatabase } from '../../server/db/client';
import { hashPassword } from '../../server/auth/password';
import { calls, customerPhones, customers, storePrefixes, stores, users } from '../../server/db/schema';
import { ensureFirstAdmin } from '../../server/users/bootstrap';
import { openTestDatabase } from '../../test/support/database';
import { ADMIN, customerPhone, JWT_SECRET, STORES, storeStaff, WEBHOOK_SECRET } from './calls';
import { serve } from './ipc';

export interface StartOptions {
  database: 'postgres' | 'pglite';
  /** Customers to seed (each with one mobile, customerPhone(i)). */
  customers: number;
  redisUrl?: string;
}

export interface MemoryStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  sockets: number;
}

export interface CpuStats {
  /** CPU time of the whole process (all threads), milliseconds. */
  cpuMs: number;
}

let app: FastifyInstance | undefined;
let database: Database | undefined;
let dataDir: string | undefined;

async function seed(db: Database['db'], customerCount: number): Promise<void> {
  // One statement per table, and one scrypt hash shared by the staff (they have one password): fifty
  // hashes of tens of milliseconds each would slow every stack's start.
  const rows = await db.insert(stores).values(STORES.map((s) => ({ code: s.code, name: s.name }))).returning({ id: stores.id, code: stores.code });
  const idOf = new Map(rows.map((r) => [r.code, r.id]));
  await db.insert(storePrefixes).values(STORES.map((s) => ({ prefix: s.prefix, storeId: idOf.get(s.code)! })));
  const passwordHash = await hashPassword(storeStaff(STORES[0]!.code).password);
  await db.insert(users).values(STORES.map((s) => ({ email: storeStaff(s.code).email, name: `スタッフ ${s.name}`, role: 'staff' as const, storeId: idOf.get(s.code)!, passwordHash })));
  for (let done = 0; done < customerCount; done += 500) {
    const batch = Array.from({ length: Math.min(500, customerCount - done) }, (_, k) => ({ name: `顧客 ${done + k}`, nameKana: `コキャク ${done + k}` }));
    const ids = await db.insert(customers).values(batch).returning({ id: customers.id });
    await db.insert(customerPhones).values(ids.map(({ id }, k) => ({ customerId: id, e164: customerPhone(done + k), label: 'mobile' as const })));
  }
}

export const serverApi = {
  async start(options: StartOptions): Promise<{ url: string; kind: string }> {
    dataDir = mkdtempSync(join(tmpdir(), 'cti-bench-'));
    database =
      options.database === 'postgres' ? await openTestDatabase() : await openDatabase({ dataDir: join(dataDir, 'pglite') });
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET,
      DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      // Every request comes from 127.0.0.1: the per-address limits (12,000 webhooks and 60 sign-ins a
      // minute) would answer 429 to the load generator and to a chain's 51 sign-ins, and be what is measured.
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    });
    await ensureFirstAdmin(database.db, config.initialAdmin, () => undefined);
    await seed(database.db, options.customers);
    app = await buildApp({ config, database });
    await app.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}`, kind: database.kind };
  },

  /** After a full collection when the process runs with --expose-gc, so heap figures are live data. */
  async memory(): Promise<MemoryStats> {
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const usage = process.memoryUsage();
    return {
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      sockets: app?.realtime.io.engine.clientsCount ?? 0,
    };
  },

  async cpu(): Promise<CpuStats> {
    const { user, system } = process.cpuUsage();
    return { cpuMs: (user + system) / 1000 };
  },

  /** Rows in `calls`: one per distinct call the server committed (a 503'd delivery may still have been). */
  async countCalls(): Promise<number> {
    const [row] = await database!.db.select({ n: count() }).from(calls);
    return row?.n ?? 0;
  },

  async stop(): Promise<void> {
    await app?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    // Let the reply reach the parent before the process ends.
    setTimeout(() => process.exit(0), 50);
  },
};

serve(serverApi);
