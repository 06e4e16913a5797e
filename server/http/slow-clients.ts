import { compile } from '@fastify/proxy-addr';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import type { Config } from '../config';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's body may take up to the whole request timeout (the CSV upload), not the body timeout. */
    largeBody?: boolean;
  }
}

type Limits = Pick<Config, 'bodyTimeoutMs' | 'maxConnectionsPerAddress' | 'trustProxy'>;

/** Addresses whose connections are many clients' (a proxy we trust): they are limited by the proxy, not here. */
function proxyTest(trust: Config['trustProxy']): (address: string) => boolean {
  if (typeof trust === 'boolean') return () => trust;
  if (typeof trust === 'function') return (address) => trust(address, 0);
  const trusted = compile(trust.split(',').map((s) => s.trim()));
  return (address) => trusted(address, 0);
}

/**
 * Caps the connections one address (an IPv6 /64) may hold open, so a flood of idle or trickling connections
 * from one client cannot use up the process's sockets. A trusted proxy's address is exempt:
 * behind nginx the same cap is nginx's `limit_conn` (deploy/nginx/cti.conf).
 */
function capConnectionsPerAddress(app: FastifyInstance, limits: Limits): void {
  const isProxy = proxyTest(limits.trustProxy);
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress;
    if (!peer || isProxy(peer)) return;
    // One IPv6 client holds a whole /64, as the sign-in limits count it.
    const address = normalizeIP(peer);
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      app.log.warn({ remoteAddress: address, limit: limits.maxConnectionsPerAddress }, 'too many connections from one address: refused');
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/**
 * A request body must arrive within the body timeout (a Dialpad delivery is sent at once and
 * Dialpad gives up after 5 s; a sender trickling a byte every few seconds never finishes). Node's
 * own requestTimeout still bounds every request, and is the only bound of a `largeBody` route.
 */
function timeOutSlowBodies(app: FastifyInstance, limits: Limits): void {
  app.addHook('onRequest', async (request) => {
    const raw = request.raw;
    const hasBody = raw.headers['content-length'] !== undefined ? raw.headers['content-length'] !== '0' : raw.headers['transfer-encoding'] !== undefined;
    if (!hasBody || request.routeOptions.config.largeBody) return;
    const timer = setTimeout(() => {
      if (raw.complete) return;
      request.log.info({ timeoutMs: limits.bodyTimeoutMs }, 'request body too slow: connection closed');
      const socket = raw.socket;
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroySoon();
    }, limits.bodyTimeoutMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    raw.once('end', done);
    raw.once('close', done);
  });
}

/** The guards against clients that hold connections open without finishing what they send. */
export function guardSlowClients(app: FastifyInstance, limits: Limits): void {
  capConnectionsPerAddress(app, limits);
  timeOutSlowBodies(app, limits);
}
