/** What the figures were measured on, for results.md. */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { PG_URL } from './stack';

/** One-minute load average: other work on a shared machine shows up in every figure. */
export const loadAverage = (): number => Math.round(loadavg()[0]! * 100) / 100;

export interface Machine {
  cpus: string;
  memory: string;
  node: string;
  postgres: string;
  os: string;
  date: string;
  command: string;
  fdLimit: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(argv: string[]): Promise<Machine> {
  let postgres = 'unreachable';
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    postgres = rows[0]?.server_version ?? 'unknown';
  } catch {
    // Reported as unreachable; the PostgreSQL rows then fail on their own.
  } finally {
    await client.end().catch(() => undefined);
  }
  const model = cpus()[0]?.model ?? 'unknown CPU';
  return {
    cpus: `${run('nproc', [])} × ${model}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
    postgres,
    os: run('uname', ['-sr']),
    date: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    fdLimit: run('sh', ['-c', 'ulimit -n']),
  };
}
