import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';

/**
 * Stream entries kept for connection-state recovery. A socket resumes only while its last offset is
 * still in the stream, so this must hold two minutes of traffic: every broadcast and every socket's
 * first heartbeat is one entry (≈ 0.2–1 KB), so 50,000 is ≈ 400 entries/s for two minutes, ≤ 50 MB.
 */
const STREAM_MAX_LEN = 50_000;
/** How soon a node retries a lost Redis: quick, so the gap in cross-node delivery stays short. */
const reconnectDelay = (retries: number) => Math.min(100 * (retries + 1), 2_000);
const PING_TIMEOUT_MS = 1_000;

type RedisClient = ReturnType<typeof createClient>;

export interface RedisLink {
  /** Socket.IO's `adapter` option. */
  adapter: ReturnType<typeof createAdapter>;
  /** Throws unless Redis answers within a second. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Names the stream, session keys and channels so several deployments (or test runs) share one Redis. */
export function redisNames(url: string): { clientUrl: string; prefix: string } {
  const parsed = new URL(url);
  // `?prefix=` is ours, not node-redis's: take it off before the client parses the URL.
  const prefix = parsed.searchParams.get('prefix') || 'cti';
  parsed.searchParams.delete('prefix');
  return { clientUrl: parsed.toString(), prefix };
}

/**
 * Connects to Redis in the background and returns the streams adapter at once, so a node whose
 * Redis is down still starts and serves its own sockets; the adapter catches up when Redis returns.
 *
 * The publishing client runs without an offline queue: while Redis is unreachable a broadcast's XADD
 * fails at once and socket.io-adapter still delivers it to this node's sockets (without a recovery
 * offset), instead of holding every emit until Redis comes back. The adapter's own reading clients
 * (its `duplicate()`s) keep the offline queue: with it a blocked XREAD waits for the reconnection;
 * without it the adapter's poll loop would retry in a tight microtask loop and starve the process.
 */
export function connectRedis(url: string, log: FastifyBaseLogger): RedisLink {
  const { clientUrl, prefix } = redisNames(url);
  const client: RedisClient = createClient({
    url: clientUrl,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: reconnectDelay, connectTimeout: 3_000 },
  });
  let down = false;
  client.on('error', (err: Error) => {
    // node-redis reports every failed reconnection; one warning per outage is enough.
    if (!down) log.warn({ err: err.message }, 'Redis unavailable: realtime events reach only this node until it returns');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info('Redis connection restored');
    down = false;
  });
  // Never rejects while the reconnect strategy returns a delay; the catch is for a close during connect.
  client.connect().catch((err: unknown) => log.warn({ err: String(err) }, 'Redis connection abandoned'));

  const readers: RedisClient[] = [];
  const guarded = guard(client, readers, log);
  const adapter = createAdapter(guarded, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    maxLen: STREAM_MAX_LEN,
    // Our payloads are JSON: skip the adapter's deep scan for binary attachments on every broadcast.
    onlyPlaintext: true,
  });

  return {
    adapter,
    ping: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer PING')), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([client.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      for (const reader of [...readers, client]) {
        if (reader.isOpen) reader.destroy();
      }
    },
  };
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The adapter leaves some command promises unobserved (the session SET on every disconnect, the
 * SUBSCRIBE, the PUBLISH of ephemeral packets); with Redis down each would be an unhandled rejection,
 * which ends a Node process. This proxy attaches a logging catch to every promise a command returns,
 * while callers that await it still see the rejection. It also gives the adapter's duplicates the
 * offline queue, a `connect()` that never rejects, and an idempotent `disconnect()`.
 */
function guard(client: RedisClient, readers: RedisClient[], log: FastifyBaseLogger, reader = false): RedisClient {
  const observe = (result: unknown) => {
    if (result instanceof Promise) {
      result.catch((err: unknown) => log.debug({ err: String(err) }, 'Redis command failed'));
    }
    return result;
  };
  const proxy: RedisClient = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'duplicate') {
        return () => {
          const copy = target.duplicate({ disableOfflineQueue: false });
          readers.push(copy);
          return guard(copy, readers, log, true);
        };
      }
      if (reader && property === 'connect') {
        // Settles only on success: a reader closed before it ever connected leaves the adapter's
        // setup waiting forever (harmless) instead of rejecting where nothing catches it.
        return () => new Promise((resolve) => void target.connect().then(() => resolve(proxy), () => undefined));
      }
      if (reader && property === 'disconnect') {
        return () => {
          if (target.isOpen) target.destroy();
          return Promise.resolve();
        };
      }
      const value: unknown = Reflect.get(target, property, receiver === proxy ? target : receiver);
      if (typeof value !== 'function') return value;
      // node-redis commands read private state from `this`: call them on the real client.
      return (...args: unknown[]) => observe((value as AnyFunction).apply(target, args));
    },
  });
  return proxy;
}

/**
 * For /readyz: 'disabled' without REDIS_URL, 'ok' when Redis answers PING within a second; throws
 * otherwise. A node without Redis still serves its own sockets, so this is worth reporting, but
 * failing readiness on it would take every node out of the load balancer at once.
 */
export async function pingRedis(realtime: { redis: RedisLink | null }): Promise<'ok' | 'disabled'> {
  if (!realtime.redis) return 'disabled';
  await realtime.redis.ping();
  return 'ok';
}
