import type { Config } from './config';
import type { Db } from './db/client';
import type { SessionUser } from './auth/session';
import type { Realtime } from './realtime/realtime';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    realtime: Realtime;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}
