import type { FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, rooms } from '../../common/calls';
import { type SessionUser, sessionFromToken } from '../auth/session';
import type { Config } from '../config';
import type { Db } from '../db/client';

/** Under half the two-minute recovery window, so the newest packet a client has is always resumable. */
const HEARTBEAT_MS = 55_000;

interface SocketData {
  user: SessionUser;
}

export type CtiServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Who should see a call: admins always, the staff of the store dialled, and the Dialpad user rung. */
export interface Audience {
  storeCode: string | null;
  userIds: string[];
}

export type EventName = keyof ServerToClientEvents;
export type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

export interface Realtime {
  io: CtiServer;
  /** Emits to admins, the store's staff and the users named: each socket once, whatever rooms it is in. */
  publish<E extends EventName>(event: E, payload: EventPayload<E>, audience: Audience): void;
  /** Drops every socket of a user (disabled, or signed out everywhere). */
  disconnectUser(userId: string): void;
  close(): Promise<void>;
}

/** Browsers must come from our own origin (or one configured); tools without an Origin header are allowed. */
export function originAllowed(req: IncomingMessage, extra: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (extra.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createRealtime(server: HttpServer, deps: { config: Config; db: Db; log: FastifyBaseLogger }): Realtime {
  const { config, db, log } = deps;
  const io: CtiServer = new Server(server, {
    serveClient: false,
    // A socket that drops for under two minutes gets what it missed, from the same rooms.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    allowRequest: (req, callback) => callback(null, originAllowed(req, config.corsOrigins)),
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : undefined,
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    const token = typeof auth.token === 'string' ? auth.token : undefined;
    sessionFromToken(db, config.jwtSecret, token).then(
      (user) => {
        socket.data.user = user;
        next();
      },
      () => next(new Error('unauthorized')),
    );
  });

  io.on('connection', (socket) => {
    const user = socket.data.user;
    if (!socket.recovered) {
      const joined = [rooms.user(user.id)];
      if (user.role === 'admin') joined.push(rooms.admin);
      else if (user.storeCode) joined.push(rooms.store(user.storeCode));
      void socket.join(joined);
      // A broadcast (not socket.emit) so it carries an offset the client can resume from.
      io.to(socket.id).emit('heartbeat', { at: new Date().toISOString() });
    }
    log.info({ userId: user.id, role: user.role, store: user.storeCode, recovered: socket.recovered }, 'CTI WebSocket connected');
    socket.on('disconnect', (reason) => log.debug({ userId: user.id, reason }, 'CTI WebSocket disconnected'));
  });

  const heartbeat = setInterval(() => io.emit('heartbeat', { at: new Date().toISOString() }), HEARTBEAT_MS);
  heartbeat.unref();

  const targets = (audience: Audience): string[] => {
    const list = [rooms.admin, ...audience.userIds.map(rooms.user)];
    if (audience.storeCode) list.push(rooms.store(audience.storeCode));
    return list;
  };

  return {
    io,
    publish: (event, payload, audience) => {
      io.to(targets(audience)).emit(event, ...([payload] as Parameters<ServerToClientEvents[typeof event]>));
    },
    disconnectUser: (userId) => io.in(rooms.user(userId)).disconnectSockets(true),
    close: async () => {
      clearInterval(heartbeat);
      io.local.disconnectSockets(true);
      // io.close() would also close the HTTP server, which Fastify closes itself.
      io.engine.close();
      await io.of('/').adapter.close();
    },
  };
}
