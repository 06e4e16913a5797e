/**
 * Private servers for fault tests: a PostgreSQL cluster and a Redis of their own on free ports, so
 * stopping or killing them never disturbs the shared services other tests run on in parallel (the
 * CTI server as a real process, to SIGKILL, is test/support/processes.ts's startServer).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually as waitUntil, freePort, sleep } from '../../support/processes';

export interface PrivatePostgres {
  /** The cluster's `postgres` database; pass another name for another database. */
  url(database?: string): string;
  start(): Promise<void>;
  /** `fast`: what a service manager does (in-flight transactions are rolled back, connections cut). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

/** Debian's PostgreSQL binaries (/usr/lib/postgresql/<version>/bin), the newest version. */
function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server binaries under ${base} (apt-get install postgresql)`);
  return join(base, newest, 'bin');
}

/**
 * initdb + pg_ctl into a temporary folder, on a free port. PostgreSQL refuses to run as root, so
 * as root (CI, this machine) the cluster belongs to the `postgres` user and runs through runuser.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'cti-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const argv = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  // Asynchronous, so the app under test (in this same process) keeps serving while pg_ctl waits.
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [file, list] = argv(cmd, args);
      execFile(file, list, { timeout: 90_000 }, (err, _out, stderr) => (err ? reject(new Error(`${cmd}: ${stderr || err.message}`)) : resolve()));
    });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const pg: PrivatePostgres = {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
    destroy: async () => {
      await pg.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `redis-server` as a child of this process (no persistence), restartable on the same port. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const ping = () => new Promise<boolean>((resolve) => {
    const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    probe.stdout.on('data', (c: Buffer) => (out += c.toString()));
    probe.on('close', () => resolve(out.includes('PONG')));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !(await ping()); i++) await sleep(50);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The shared `eventually`, with the longer default a database restart needs. */
export const eventually = (what: string, condition: () => Promise<boolean> | boolean, limitMs = 60_000): Promise<void> =>
  waitUntil(what, condition, limitMs);
