/**
 * The floor: the least a correct webhook can do on this stack, to measure the product against.
 * Fastify takes Dialpad's JWT, verifies it (HS256, as the product does), commits one INSERT of the
 * event (deduplicated by its key, on the same PostgreSQL server or a PGlite of its own), and only then
 * answers 200 and emits `incoming_call` to the one room of the signed-in sockets it concerns.
 *
 * Left out on purpose, because they are the product's own work, not the stack's: store and customer
 * resolution, the call's state machine, call-back tasks, metrics, request logging, rate limits.
 * It answers the benchmark's child API (bench/support/server-process.ts) so every benchmark runs it
 * in the same conditions: same process layout, same clients, same load generator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createVerifier } from 'fast-jwt';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import pg from 'pg';
import { Server } from 'socket.io';
import { ADMIN, JWT_SECRET, STORES, storeStaff, WEBHOOK_SECRET } from '../support/calls';
import { LISTEN_BACKLOG } from '../../server/app';
import { serve } from '../support/ipc';
import type { CpuStats, MemoryStats, serverApi, StartOptions } from '../support/server-process';
import { PG_URL } from '../support/stack';

/** As the product verifies a delivery (server/dialpad/verify.ts): fast-jwt, HS256 only, synchronous. */
const verifyWebhook = createVerifier({ key: WEBHOOK_SECRET, algorithms: ['HS256'], cache: false });
const sessionKey = new TextEncoder().encode(JWT_SECRET);

/** Who may sign in, and the one room each one's sockets join: admins get every call, staff their store's. */
const ACCOUNTS = new Map<string, { password: string; room: string }>([
  [ADMIN.email, { password: ADMIN.password, room: 'admins' }],
  ...STORES.map((s) => [storeStaff(s.code).email, { password: storeStaff(s.code).password, room: `store:${s.code}` }] as const),
]);

/** The internal number's prefix (E.164) → the store's room; the product resolves this from its prefix table. */
const ROOM_BY_PREFIX = new Map(STORES.map((s) => [`+81${s.prefix.slice(1)}`, `store:${s.code}`]));
/** Every bench prefix has 7 digits, so one lookup of the number's head finds its store. */
const PREFIX_LENGTH = `+81${STORES[0]!.prefix.slice(1)}`.length;

function storeRoomOf(internal: string): string | undefined {
  return ROOM_BY_PREFIX.get(internal.slice(0, PREFIX_LENGTH));
}

const TABLE = 'bench_floor_events';
const INSERT = `INSERT INTO ${TABLE} (call_id, state, event_ms, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`;
const COUNT = `SELECT count(*)::int AS n FROM ${TABLE}`;

interface Store {
  kind: string;
  insert(params: unknown[]): Promise<void>;
  /** Rows stored: one per distinct ringing call of the benchmarks. */
  count(): Promise<number>;
  close(): Promise<void>;
}

async function openStore(options: StartOptions, dataDir: string): Promise<Store> {
  const ddl = `CREATE TABLE ${TABLE} (call_id text NOT NULL, state text NOT NULL, event_ms bigint NOT NULL, body jsonb NOT NULL, PRIMARY KEY (call_id, state, event_ms))`;
  if (options.database === 'postgres') {
    // The product's pool size, so neither has more connections to commit on.
    const pool = new pg.Pool({ connectionString: PG_URL, max: 10 });
    await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await pool.query(ddl);
    return {
      kind: 'postgres',
      insert: async (params) => void (await pool.query(INSERT, params)),
      count: async () => (await pool.query<{ n: number }>(COUNT)).rows[0]!.n,
      close: async () => {
        await pool.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
        await pool.end();
      },
    };
  }
  const db = await PGlite.create(join(dataDir, 'pglite'));
  await db.exec(ddl);
  return {
    kind: 'pglite',
    insert: async (params) => void (await db.query(INSERT, params)),
    count: async () => (await db.query<{ n: number }>(COUNT)).rows[0]!.n,
    close: () => db.close(),
  };
}

let app: FastifyInstance | undefined;
let io: Server | undefined;
let store: Store | undefined;
let dataDir: string | undefined;

async function listen(options: StartOptions): Promise<{ url: string; kind: string }> {
  dataDir = mkdtempSync(join(tmpdir(), 'cti-floor-'));
  store = await openStore(options, dataDir);
  const server = Fastify({ logger: false });
  app = server;
  server.addContentTypeParser(['text/plain', 'application/jwt'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  server.post<{ Body: { email?: string; password?: string } }>('/api/auth/login', async (request, reply) => {
    const account = ACCOUNTS.get(request.body.email ?? '');
    if (!account || account.password !== request.body.password) return reply.status(401).send({ error: 'invalid_credentials' });
    const token = await new SignJWT({ room: account.room }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1d').sign(sessionKey);
    return { token };
  });

  server.post<{ Body: string }>('/api/dialpad/webhook', async (request, reply) => {
    let claims: Record<string, unknown>;
    try {
      claims = verifyWebhook(String(request.body).trim()) as Record<string, unknown>;
    } catch {
      return reply.status(401).send({ error: 'invalid_signature' });
    }
    const callId = String(claims.call_id);
    const state = String(claims.state);
    await store!.insert([callId, state, Number(claims.event_timestamp) || Date.now(), claims]);
    const room = storeRoomOf(typeof claims.internal_number === 'string' ? claims.internal_number : '');
    // To the admins and the store dialled: one emit, Socket.IO unions the rooms.
    io!.to(room ? ['admins', room] : 'admins').emit('incoming_call', { callId, state });
    return { ok: true };
  });

  await server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG });
  io = new Server(server.server, { transports: ['websocket'], serveClient: false });
  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth.token;
    jwtVerify(String(token), sessionKey, { algorithms: ['HS256'] }).then(
      ({ payload }) => {
        void socket.join(String(payload.room));
        next();
      },
      () => next(new Error('unauthorized')),
    );
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, kind: store.kind };
}

export const floorApi = {
  start: listen,

  async memory(): Promise<MemoryStats> {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, sockets: io?.engine.clientsCount ?? 0 };
  },

  async cpu(): Promise<CpuStats> {
    const { user, system } = process.cpuUsage();
    return { cpuMs: (user + system) / 1000 };
  },

  countCalls: () => store!.count(),

  async stop(): Promise<void> {
    // Fastify closes the HTTP server Socket.IO is attached to.
    io?.disconnectSockets(true);
    await app?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    setTimeout(() => process.exit(0), 50);
  },
} satisfies typeof serverApi;

serve(floorApi);
