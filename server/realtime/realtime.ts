import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, rooms } from '../../common/socket-events';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { requestIdFrom } from '../http/logger';
import { connectRedis, type RedisLink } from './redis';
import { authenticateSocket, closeOnExpiry, guardRecovery, recheckSockets, type SocketData, syncRooms } from './sessions';

/** Under half the two-minute recovery window, so the newest packet a client has is always resumable. */
const HEARTBEAT_MS = 55_000;

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
  /** Drops every socket of a user, on every node (their sign-ins ended: see revokeTokens). */
  disconnectUser(userId: string): void;
  /** Checks this node's sockets against the database now (it also runs with every heartbeat). */
  recheck(): Promise<void>;
  /** Sockets connected to this process, by room kind (for /metrics). */
  socketCounts(): { admin: number; store: number; user: number };
  /** The Redis link when REDIS_URL is set (see pingRedis), null on a single node. */
  redis: RedisLink | null;
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
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : null;
  // This process's own sockets, for the heartbeat: see below.
  const nodeRoom = `node:${randomUUID()}`;
  let closing = false;
  const io: CtiServer = new Server(server, {
    serveClient: false,
    // With Redis, broadcasts reach every node; without it the in-memory adapter serves one process.
    ...(redis ? { adapter: redis.adapter } : {}),
    // A socket that drops for under two minutes gets what it missed, from the same rooms.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    // While closing, new connections are refused so that clients retry until they reach another node.
    allowRequest: (req, callback) => callback(null, !closing && originAllowed(req, config.corsOrigins)),
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : undefined,
  });

  guardRecovery(io.of('/').adapter, db, log);
  // Runs for resumed sockets too (skipMiddlewares: false): a revoked or expired token is refused.
  io.use(authenticateSocket(db, config.jwtSecret));

  io.on('connection', (socket) => {
    const user = socket.data.user;
    // Fresh or resumed (resumed ones come back with the rooms they had, maybe on another node): the
    // rooms are those the user has in the database now.
    syncRooms(socket, nodeRoom);
    closeOnExpiry(socket);
    if (!socket.recovered) {
      // A broadcast (not socket.emit) so it carries an offset the client can resume from.
      io.to(socket.id).emit('heartbeat', { at: new Date().toISOString() });
    }
    log.info({ reqId: requestIdFrom(socket.handshake.headers['x-request-id']), userId: user.id, role: user.role, store: user.storeCode, recovered: socket.recovered }, 'CTI WebSocket connected');
    socket.on('disconnect', (reason) => log.debug({ userId: user.id, reason }, 'CTI WebSocket disconnected'));
  });

  // To this node's sockets only (io.emit from every node would reach each socket once per node), yet
  // still a broadcast: with Redis it is one stream entry per node, so it carries a resumable offset.
  const recheck = () => recheckSockets(io.of('/').sockets.values(), db, nodeRoom);
  const heartbeat = setInterval(() => {
    io.to(nodeRoom).emit('heartbeat', { at: new Date().toISOString() });
    recheck().catch((err: unknown) => log.warn({ err }, 'could not re-check the sockets against the database'));
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const targets = (audience: Audience): string[] => {
    const list = [rooms.admin, ...audience.userIds.map(rooms.user)];
    if (audience.storeCode) list.push(rooms.store(audience.storeCode));
    return list;
  };

  return {
    io,
    publish: (event, payload, audience) => {
      // Fire-and-forget, after the current request has replied: the loop over every socket (or the
      // Redis XADD) must not hold up the webhook's 200. setImmediate keeps publishes in order.
      const args = [payload] as Parameters<ServerToClientEvents[typeof event]>;
      setImmediate(() => io.to(targets(audience)).emit(event, ...args));
    },
    disconnectUser: (userId) => io.in(rooms.user(userId)).disconnectSockets(true),
    recheck,
    redis,
    socketCounts: () => countSockets(io),
    close: async () => {
      clearInterval(heartbeat);
      closing = true;
      await closeTransports(io, log);
      // io.close() would also close the HTTP server, which Fastify closes itself.
      io.engine.close();
      await io.of('/').adapter.close();
      await redis?.close();
    },
  };
}

/** Counts this process's sockets in admin-room, in any store room and in any user room (every signed-in socket). */
function countSockets(io: CtiServer): { admin: number; store: number; user: number } {
  const counts = { admin: 0, store: 0, user: 0 };
  for (const [room, members] of io.of('/').adapter.rooms) {
    if (room === rooms.admin) counts.admin += members.size;
    else if (room.startsWith(rooms.store(''))) counts.store += members.size;
    else if (room.startsWith(rooms.user(''))) counts.user += members.size;
  }
  return counts;
}

/**
 * Shutdown notice: closes each socket's transport after flushing what it was sent. Unlike a
 * Socket.IO disconnect (after which clients stay away), a closed transport makes clients reconnect
 * by themselves, through the load balancer, to a node that is staying up.
 */
async function closeTransports(io: CtiServer, log: FastifyBaseLogger, timeoutMs = 2_000): Promise<void> {
  const sockets = [...io.of('/').sockets.values()];
  if (sockets.length === 0) return;
  log.info({ sockets: sockets.length }, 'closing sockets: clients reconnect through the load balancer');
  let timer: NodeJS.Timeout | undefined;
  const closed = sockets.map((socket) => new Promise<void>((resolve) => {
    socket.conn.once('close', () => resolve());
    socket.conn.close();
  }));
  await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
