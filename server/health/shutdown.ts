import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** Past this the process exits anyway: a webhook is worthless after Dialpad's 5 s, and PM2/systemd wait 15 s. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Stops one node so that nothing is lost: new webhooks get 503 (Dialpad retries, nginx tries another
 * node) and /readyz says draining; Fastify stops listening and lets the requests in flight finish;
 * sockets are closed at the transport level so clients reconnect through the load balancer (preClose
 * in realtime); then the database closes.
 */
export async function shutdown(app: FastifyInstance, database: { close(): Promise<void> }): Promise<void> {
  app.lifecycle.startDraining();
  await app.close();
  await database.close();
}

export interface SignalOptions {
  stop: () => Promise<void>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  exit: (code: number) => void;
  /** The process, or a stand-in in tests. */
  on: (signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void) => void;
  timeoutMs?: number;
}

/** SIGTERM/SIGINT: a graceful stop and exit 0; a second signal, a failure or the timeout: exit 1 at once. */
export function handleSignals({ stop, log, exit, on, timeoutMs = SHUTDOWN_TIMEOUT_MS }: SignalOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    stopping = true;
    log.info({ signal, timeoutMs }, 'shutting down: draining webhooks, finishing requests, moving sockets');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown did not finish in time: exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        clearTimeout(timer);
        log.info('shut down cleanly');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  on('SIGTERM', onSignal);
  on('SIGINT', onSignal);
}
