/**
 * Typed request/response over Node's IPC channel, so each benchmark role (server, socket clients,
 * load generator) runs in its own process and cannot steal the others' event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A child's API: named async methods with one JSON argument. */
export type Api = Record<string, (arg: never) => Promise<unknown>>;

interface Request {
  id: number;
  method: string;
  arg: unknown;
}
type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** In a child: answers the parent's calls; the parent's `stop()` ends the process. */
export function serve(api: Api): void {
  process.on('message', (message: Request) => {
    const handler = api[message.method] as ((arg: unknown) => Promise<unknown>) | undefined;
    const reply = (response: Response) => process.send?.(response);
    if (!handler) {
      reply({ id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    handler(message.arg).then(
      (result) => reply({ id: message.id, ok: true, result }),
      (err: unknown) => reply({ id: message.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  // The parent going away (a crash, Ctrl-C) must not leave children holding thousands of sockets.
  process.on('disconnect', () => process.exit(0));
}

export interface Child<A extends Api> {
  process: ChildProcess;
  call<K extends keyof A & string>(method: K, arg: Parameters<A[K]>[0], timeoutMs?: number): Promise<Awaited<ReturnType<A[K]>>>;
  /** Ends the child: waits `graceMs` for it to exit by itself (after a stop call), then SIGTERM, then SIGKILL. */
  stop(graceMs?: number): Promise<void>;
}

/** The node flags a TypeScript child needs (tsx), plus any others. */
export function childExecArgv(extra: string[] = []): string[] {
  return ['--import', 'tsx', ...extra];
}

/** Forks `bench/<file>` (a module calling serve()). Every call is bounded so a stuck child fails the run instead of hanging it. */
export function spawnChild<A extends Api>(
  file: string,
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; silent?: boolean } = {},
): Child<A> {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const child = fork(path, [], {
    env: { ...process.env, ...options.env },
    execArgv: childExecArgv(options.execArgv),
    // A server logging every request at info: its log goes nowhere, as it would to a collector.
    stdio: options.silent ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  child.on('message', (response: Response) => {
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(response.result);
    else waiter.reject(new Error(`${file}: ${response.error}`));
  });
  const exited = once(child, 'exit');
  // A send to a child that died is reported here (besides the exit below), not thrown at the caller.
  child.on('error', (err) => process.stderr.write(`${file}: ${err.message}\n`));
  child.on('exit', (code, signal) => {
    if (pending.size > 0 || (code !== 0 && signal !== 'SIGTERM')) process.stderr.write(`${file} exited (${signal ?? code})\n`);
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited (${signal ?? code}) during a call`));
    pending.clear();
  });

  return {
    process: child,
    call(method, arg, timeoutMs = 180_000) {
      const id = nextId++;
      if (!child.connected) return Promise.reject(new Error(`${file} is gone (${child.signalCode ?? child.exitCode})`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${file}: ${method} took over ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as Awaited<ReturnType<A[typeof method]>>);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
        child.send({ id, method, arg } satisfies Request);
      });
    },
    async stop(graceMs = 0) {
      const running = () => child.exitCode === null && child.signalCode === null;
      if (running() && graceMs > 0) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
