import type { Config } from './config';
import type { Db } from './db/client';
import type { SessionUser } from './auth/session';
import type { Realtime } from './realtime/realtime';
import type { CommitQueue } from './calls/commit-queue';
import type { Directory } from './calls/directory';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    realtime: Realtime;
    /** Stores and users as this node holds them for call events. */
    directory: Directory;
    /** Where webhook call events are group-committed. */
    ingest: CommitQueue;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}
