/**
 * npm run bench                   every benchmark at full size; rewrites the figures in bench/results.md
 * npm run bench -- --quick        small N, a few seconds each (CI: proves the benchmarks still work)
 * npm run bench -- --only=fanout  some of them (webhook, fanout, popup, memory, search; comma-separated)
 *
 * Needs the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * No figure is asserted: a benchmark fails the run only when it cannot run at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFanout } from './fanout';
import { benchMemory } from './memory';
import { benchPopup } from './popup';
import { benchSearch } from './search';
import { describeMachine, loadAverage } from './support/machine';
import { render, type Results } from './support/report';
import { benchWebhook } from './webhook';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);

/** Sizes: the issue's, or small ones for --quick. */
const plan = quick
  ? {
      webhook: { rates: [50, 100], durationMs: 1_000, sockets: 20, customers: 50 },
      fanout: { sockets: [10, 50], calls: 3, processes: 2, customers: 50 },
      popup: { calls: 3 },
      memory: { sockets: [100, 200], processes: 2 },
      search: { customers: 2_000, runs: 5 },
    }
  : {
      webhook: { rates: [200, 1_000, 2_000], durationMs: 10_000, sockets: 1_000, customers: 1_000 },
      fanout: { sockets: [100, 1_000, 10_000], calls: 50, processes: 4, customers: 1_000 },
      popup: { calls: 50 },
      memory: { sockets: [10_000, 20_000], processes: 4 },
      search: { customers: 100_000, runs: 30 },
    };

const results: Results = { machine: await describeMachine(argv), quick };
let broken = false;

async function step<T>(name: string, run: () => Promise<T>): Promise<T | Error | undefined> {
  if (!wanted(name)) return undefined;
  const started = performance.now();
  process.stdout.write(`${name}… (load ${loadAverage()})\n`);
  try {
    const result = await run();
    process.stdout.write(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (err) {
    broken = true;
    const error = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`${name} failed: ${error.stack ?? error.message}\n`);
    return error;
  }
}

results.webhook = await step('webhook', async () => [
  ...(await benchWebhook({ database: 'postgres', ...plan.webhook })),
  ...(await benchWebhook({ database: 'pglite', ...plan.webhook })),
]);
results.fanout = await step('fanout', () => benchFanout(plan.fanout));
results.popup = await step('popup', () => benchPopup(plan.popup));
results.memory = await step('memory', () => benchMemory(plan.memory));
results.search = await step('search', async () => [
  await benchSearch({ database: 'postgres', ...plan.search }),
  await benchSearch({ database: 'pglite', ...plan.search }),
]);

const report = render(results);
process.stdout.write(`\n${report}\n\n`);

// Only a complete full-size run replaces the figures in results.md; the notes around them stay.
const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';
const resultsFile = fileURLToPath(new URL('./results.md', import.meta.url));
if (!quick && !only) {
  let text: string;
  try {
    text = readFileSync(resultsFile, 'utf8');
  } catch {
    text = `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  }
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const block = `${BEGIN}\n${report}\n${END}`;
  writeFileSync(resultsFile, start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text}\n${block}\n`);
  process.stdout.write(`written to ${resultsFile}\n`);
} else {
  const file = join(tmpdir(), 'cti-bench-results.md');
  writeFileSync(file, `${report}\n`);
  process.stdout.write(`written to ${file} (bench/results.md keeps the last full run)\n`);
}
process.exitCode = broken ? 1 : 0;
