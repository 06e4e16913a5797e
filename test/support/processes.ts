/** For tests that run the server as its own process: a port for it, a start that waits for it, a bounded wait. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on right now (the OS picks it; we close and hand it to a child). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls until the condition holds; bounded so a broken server fails with a message instead of hanging. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(20);
  }
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** What the process printed, for the failure message when it does not come up. */
  output(): string;
  /** SIGKILL: no drain, no close, no flush: what a crash or the OOM killer does. */
  kill(): Promise<void>;
  /** SIGTERM (the graceful shutdown), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** `node --import tsx server/index.ts`, as `npm start` runs it (on `port`, or a free one); resolves once /healthz answers. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const listen = port ?? (await freePort());
  // node --import tsx (not the tsx CLI) so the pid we hold is the server itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    // The test's own database settings must not leak into the server's.
    env: { ...process.env, TEST_DATABASE_URL: '', DATABASE_URL: '', REDIS_URL: '', ...env, PORT: String(listen), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${listen}`;
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // Bounded: a server that cannot start fails the suite with its own output instead of hanging it.
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) {
      return { url, port: listen, pid: child.pid!, output: () => output, kill: () => kill('SIGKILL'), stop: () => kill('SIGTERM') };
    }
    await sleep(100);
  }
  await kill('SIGKILL');
  throw new Error(`server on port ${listen} did not start:\n${output}`);
}
