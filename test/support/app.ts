import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket-events';
import { buildApp } from '../../server/app';
import { signToken } from '../../server/auth/tokens';
import { type Config, loadConfig } from '../../server/config';
import type { Db } from '../../server/db/client';
import { openTestDatabase } from './database';
import { WEBHOOK_SECRET } from './dialpad';
import { buildUser, type StoreFixture, type UserFixture } from './factories';

/** The secret the test app's webhook checks (defined with the events it signs). */
export { WEBHOOK_SECRET };

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What `request()` got back: the status, the parsed JSON body (null when empty) and the headers. */
export interface Reply<T = unknown> {
  status: number;
  body: T & { error?: string; message?: string; details?: unknown };
  headers: Headers;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  /** http://127.0.0.1:<port> */
  url: string;
  /** A user and a valid token for it. */
  signIn(values?: Parameters<typeof buildUser>[1]): Promise<UserFixture & { token: string }>;
  tokenFor(userId: string, role?: 'admin' | 'staff'): Promise<string>;
  /** One HTTP request to the listening app, JSON in and out; `token` signs it in. */
  request<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<Reply<T>>;
  /** A connected socket.io client (rejects when the server refuses it). */
  socket(token: string | undefined, options?: { autoConnect?: boolean }): Promise<ClientSocket>;
  /** Closes the database under the running app (to test what happens when storage is gone). */
  closeDatabase(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-jwt-secret-which-is-long-enough-0123456789',
    DIALPAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const database = await openTestDatabase();
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  const sockets: ClientSocket[] = [];
  let databaseClosed: Promise<void> | undefined;
  const closeDatabase = () => (databaseClosed ??= database.close());

  const tokenFor = (userId: string, role: 'admin' | 'staff' = 'staff') => signToken(config.jwtSecret, { sub: userId, role });

  return {
    app,
    db: database.db,
    config,
    url,
    tokenFor,
    async request<T>(method: string, path: string, token?: string, body?: unknown): Promise<Reply<T>> {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Reply<T>['body'], headers: res.headers };
    },
    async signIn(values) {
      const user = await buildUser(database.db, values);
      return { ...user, token: await tokenFor(user.id, user.role) };
    },
    socket(token, options = {}) {
      const socket: ClientSocket = connectSocket(url, {
        auth: token === undefined ? {} : { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        autoConnect: options.autoConnect ?? true,
      });
      sockets.push(socket);
      if (options.autoConnect === false) return Promise.resolve(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => reject(err));
      });
    },
    closeDatabase,
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await closeDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the next event of that name on the socket. */
type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Promise<Payload<E>> {
  return new Promise((resolve) => {
    socket.once(event as 'incoming_call', (payload: Payload<E>) => resolve(payload));
  });
}

/** Every event of that name the socket receives from now on, in order. */
export function collectEvents<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Payload<E>[] {
  const seen: Payload<E>[] = [];
  socket.on(event as 'incoming_call', (payload: Payload<E>) => seen.push(payload));
  return seen;
}

export type { StoreFixture };

/** Waits until messages already on their way have arrived (the server emits before it answers 200). */
export async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
}
