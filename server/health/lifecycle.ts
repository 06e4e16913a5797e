import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

/** Whether this process is shutting down: /readyz and the webhook refuse, everything else finishes. */
export interface Lifecycle {
  readonly draining: boolean;
  startDraining(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining: () => {
      draining = true;
    },
  };
}

/** Routes that new work must not reach on a node that is going away. */
const REFUSED_WHILE_DRAINING = new Set(['POST /api/dialpad/webhook']);

/**
 * While draining, a new webhook gets 503 `not_ready`: Dialpad retries 5xx (and nginx can pass it to
 * another node at once, see deploy/nginx/cti.conf), whereas an event accepted here now could be cut
 * off by the exit. A delivery that arrived before the drain began is past this hook and finishes.
 */
export function refuseWhileDraining(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (app.lifecycle.draining && REFUSED_WHILE_DRAINING.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      throw new AppError('not_ready', 'This node is shutting down; deliver again and another node will take it');
    }
  });
}
