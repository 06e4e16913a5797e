/**
 * The server under test, in a process of its own: what server/index.ts starts (the same buildApp,
 * production settings, logging at info to a discarded stdout), plus a seed and a memory probe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type Database, openDatabase } from '../../server/db/client';
import { hashPassword } from '../../server/auth/password';
import { customerPhones, customers, storePrefixes, stores, users } from '../../server/db/schema';
import { ensureFirstAdmin } from '../../server/users/bootstrap';
import { openTestDatabase } from '../../test/support/database';
import { ADMIN, customerPhone, IDLE_STAFF, JWT_SECRET, STORES, storeStaff, WEBHOOK_SECRET } from './calls';
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

async function seed(db: Database['db'], count: number): Promise<void> {
  for (const store of STORES) {
    const [row] = await db.insert(stores).values({ code: store.code, name: store.name }).returning({ id: stores.id });
    await db.insert(storePrefixes).values({ prefix: store.prefix, storeId: row!.id });
    const staff = storeStaff(store.code);
    await db.insert(users).values({ email: staff.email, name: `スタッフ ${store.name}`, role: 'staff', storeId: row!.id, passwordHash: await hashPassword(staff.password) });
  }
  const [idle] = await db.insert(stores).values({ code: IDLE_STAFF.store, name: '本部' }).returning({ id: stores.id });
  await db.insert(users).values({
    email: IDLE_STAFF.email,
    name: 'スタッフ 本部',
    role: 'staff',
    storeId: idle!.id,
    passwordHash: await hashPassword(IDLE_STAFF.password),
  });
  for (let done = 0; done < count; done += 500) {
    const batch = Array.from({ length: Math.min(500, count - done) }, (_, k) => ({ name: `顧客 ${done + k}`, nameKana: `コキャク ${done + k}` }));
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
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    });
    await ensureFirstAdmin(database.db, config.initialAdmin, () => undefined);
    await seed(database.db, options.customers);
    app = await buildApp({ config, database });
    await app.listen({ port: 0, host: '127.0.0.1' });
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

  async stop(): Promise<void> {
    await app?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    // Let the reply reach the parent before the process ends.
    setTimeout(() => process.exit(0), 50);
  },
};

serve(serverApi);
