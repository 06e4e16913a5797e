/**
 * Customer search at 100,000 customers: runs bench/support/search-process.ts (it seeds a scratch
 * database and times the searches staff make, in a process of its own) and reads its figures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childExecArgv } from './support/ipc';
import { loadAverage } from './support/machine';
import { PG_URL } from './support/stack';

export interface SearchCase {
  label: string;
  p50: number;
  p95: number;
  plan: string;
}

export interface SearchRow {
  database: 'postgres' | 'pglite';
  customers: number;
  cases: SearchCase[];
  /** The slowest case by p95. */
  worst: SearchCase | undefined;
  seedSeconds: number;
  load: number;
}

const script = fileURLToPath(new URL('./support/search-process.ts', import.meta.url));
const LINE = /^(.+?)\s+p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms/;

export async function benchSearch(options: { database: 'postgres' | 'pglite'; customers: number; runs: number }): Promise<SearchRow> {
  const env: NodeJS.ProcessEnv = { ...process.env, CUSTOMERS: String(options.customers), RUNS: String(options.runs) };
  if (options.database === 'postgres') env.TEST_DATABASE_URL = PG_URL;
  else delete env.TEST_DATABASE_URL;
  const load = loadAverage();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...childExecArgv(), script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    // Seeding 100,000 customers takes a while on PGlite; bounded all the same.
    const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`search-process.ts exited ${code}:\n${text.slice(-2000)}`));
    });
  });
  const lines = output.split('\n');
  const cases: SearchCase[] = [];
  lines.forEach((line, i) => {
    const match = LINE.exec(line);
    if (!match) return;
    // The plan line follows each case, indented (findSummariesByPhone has none).
    const next = lines[i + 1] ?? '';
    cases.push({ label: match[1]!.trim(), p50: Number(match[2]), p95: Number(match[3]), plan: next.startsWith('    ') ? next.trim() : '' });
  });
  const seeded = /seeded in ([\d.]+) s/.exec(output);
  const worst = [...cases].sort((a, b) => b.p95 - a.p95)[0];
  return { database: options.database, customers: options.customers, cases, worst, seedSeconds: seeded ? Number(seeded[1]) : Number.NaN, load };
}
