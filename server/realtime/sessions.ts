import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, rooms } from '../../common/socket-events';
import type { Role } from '../../common/users';
import { sessionRepository } from '../auth/repository';
import { resolveSession, type SessionUser, sessionRefusal, toSessionUser } from '../auth/session';
import type { Db } from '../db/client';

/** What the handshake learnt, kept on the socket for its lifetime. */
export interface SocketData {
  user: SessionUser;
  /** The version the socket's token carries: a bump (sign-out, password, role, store, disable) ends it. */
  tokenVersion: number;
  /** When the token expires (ms since the epoch): the socket is closed then. */
  expiresAt: number;
}

type CtiSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The rooms a user may be in, from their role and store as stored now (never from what a socket had). */
export function roomsFor(user: { id: string; role: Role; storeCode: string | null }): string[] {
  const list = [rooms.user(user.id)];
  if (user.role === 'admin') list.push(rooms.admin);
  else if (user.storeCode) list.push(rooms.store(user.storeCode));
  return list;
}

/** Rooms that carry data by who one is; a socket's own id and node rooms are not among them. */
const isAudienceRoom = (room: string): boolean =>
  room === rooms.admin || room.startsWith(rooms.store('')) || room.startsWith(rooms.user(''));

/**
 * Puts the socket in exactly the rooms its user has now (and this node's room): on a fresh socket, on
 * a resumed one (which comes back with the rooms it had, maybe from another node) and on every re-check.
 */
export function syncRooms(socket: CtiSocket, nodeRoom: string): void {
  const wanted = new Set([...roomsFor(socket.data.user), nodeRoom]);
  for (const room of socket.rooms) {
    const stale = room.startsWith('node:') ? room !== nodeRoom : isAudienceRoom(room) && !wanted.has(room);
    if (stale) void socket.leave(room);
  }
  const missing = [...wanted].filter((room) => !socket.rooms.has(room));
  if (missing.length > 0) void socket.join(missing);
}

/** The handshake, on every connection (a resumed one too): a valid token of the user's current version, an active user. */
export function authenticateSocket(db: Db, secret: Uint8Array) {
  return (socket: CtiSocket, next: (err?: Error) => void): void => {
    const auth = socket.handshake.auth as { token?: unknown };
    const token = typeof auth.token === 'string' ? auth.token : undefined;
    resolveSession(db, secret, token).then(
      (session) => {
        socket.data = session;
        next();
      },
      () => next(new Error('unauthorized')),
    );
  };
}

/** Closes the socket when its token expires, so a sign-in never outlives its 12 hours on an open socket. */
export function closeOnExpiry(socket: CtiSocket): void {
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, socket.data.expiresAt - Date.now()));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

type RestoreSession = (pid: string, offset: string) => Promise<{ rooms: string[]; data: unknown } | null | undefined>;

/**
 * A resumed session replays what was sent to the rooms it had. When the user has since lost one of
 * them (moved store, demoted; disabled or gone), nothing from it may be replayed: the session is not
 * resumed, and the socket connects afresh (the web app then loads what is ringing now).
 */
export function guardRecovery(adapter: { restoreSession: RestoreSession }, db: Db, log: FastifyBaseLogger): void {
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const userId = (session.data as Partial<SocketData> | null)?.user?.id;
    const row = typeof userId === 'string' ? await sessionRepository.findUser(db, userId) : undefined;
    if (!row || row.disabledAt) return null;
    if (row.role === 'admin') return session;
    const allowed = new Set(roomsFor(row));
    if (session.rooms.every((room) => !isAudienceRoom(room) || allowed.has(room))) return session;
    log.debug({ userId }, 'socket session not resumed: its user lost a room since');
    return null;
  };
}

const RECHECK_BATCH = 500;

/**
 * Checks this node's sockets against the database: a socket whose sign-in ended is closed, one whose
 * user changed role or store is moved. Catches what no disconnect announced (a change made with the
 * CLI, or while Redis was down and the other nodes missed it).
 */
export async function recheckSockets(sockets: Iterable<CtiSocket>, db: Db, nodeRoom: string): Promise<void> {
  const list = [...sockets];
  const ids = [...new Set(list.map((s) => s.data.user.id))];
  const rows = new Map<string, Awaited<ReturnType<typeof sessionRepository.findUsers>>[number]>();
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) {
    for (const row of await sessionRepository.findUsers(db, ids.slice(i, i + RECHECK_BATCH))) rows.set(row.id, row);
  }
  for (const socket of list) {
    if (!socket.connected) continue;
    const row = rows.get(socket.data.user.id);
    if (sessionRefusal(row, socket.data.tokenVersion) || !row) {
      socket.disconnect(true);
      continue;
    }
    socket.data.user = toSessionUser(row);
    syncRooms(socket, nodeRoom);
  }
}
