/**
 * npm run bench                   every benchmark at full size; rewrites their figures in bench/results.md
 * npm run bench -- --quick        small N, a few seconds each (CI: proves the benchmarks still work)
 * npm run bench -- --only=fanout  some of them (webhook, burst, fanout, popup, memory, search; comma-separated)
 *
 * Needs the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * No figure is asserted: a benchmark fails the run only when it cannot run at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBurst } from './burst';
import { benchFanout } from './fanout';
import { benchMemory } from './memory';
import { benchPopup } from './popup';
import { render, renderSections, type Results } from './report';
import { benchSearch } from './search';
import { describeMachine, loadAverage } from './support/machine';
import { CHAIN, type ChainShape } from './support/stack';
import { benchWebhook } from './webhook';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);

/**
 * The quick chain: 2 admins and one staff socket for each of the first 4 stores (calls to the other
 * 46 reach the admins only), so --quick stays well under a minute; the full run has CHAIN's 1,010.
 */
const QUICK_CHAIN: ChainShape = { admins: 2, staffPerStore: 1, stores: 4 };

/** Sizes: the issue's, or small ones for --quick. */
const plan = quick
  ? {
      webhook: { rates: { postgres: [20, 50], pglite: [20, 50] }, durationMs: 1_000, chain: QUICK_CHAIN, customers: 50, warmUp: false },
      burst: { deliveries: 100, chain: QUICK_CHAIN, customers: 50, warmUp: false },
      fanout: { sockets: [10, 50], calls: 3, processes: 2, customers: 50 },
      popup: { calls: 3 },
      memory: { sockets: [100, 200], processes: 2 },
      search: { customers: 2_000, runs: 5 },
    }
  : {
      // Both reach 500 req/s, where the CPU per call is compared with the target.
      webhook: { rates: { postgres: [500, 1_000, 1_500, 2_000, 2_500, 3_000], pglite: [200, 400, 500, 600, 800, 1_000] }, durationMs: 5_000, chain: CHAIN, customers: 1_000, warmUp: true },
      burst: { deliveries: 2_000, chain: CHAIN, customers: 1_000, warmUp: true },
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

results.webhook = await step('webhook', async () => {
  const rows = [];
  for (const database of ['postgres', 'pglite'] as const) {
    const { rates, ...rest } = plan.webhook;
    // The floor in the same conditions, right before the product: each figure gets its ratio.
    for (const implementation of ['floor', 'product'] as const) rows.push(...(await benchWebhook({ implementation, database, rates: rates[database], ...rest })));
  }
  return rows;
});
results.burst = await step('burst', () => benchBurst(plan.burst));
results.fanout = await step('fanout', async () => [
  ...(await benchFanout({ implementation: 'floor', ...plan.fanout })),
  ...(await benchFanout({ implementation: 'product', ...plan.fanout })),
]);
results.popup = await step('popup', () => benchPopup(plan.popup));
results.memory = await step('memory', () => benchMemory(plan.memory));
results.search = await step('search', async () => [
  await benchSearch({ database: 'postgres', ...plan.search }),
  await benchSearch({ database: 'pglite', ...plan.search }),
]);

const report = render(results);
process.stdout.write(`\n${report}\n\n`);

// A full-size run replaces the blocks of the benchmarks it ran in results.md; the notes around them stay.
const resultsFile = fileURLToPath(new URL('./results.md', import.meta.url));
if (!quick) {
  let text: string;
  try {
    text = readFileSync(resultsFile, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  for (const [name, section] of Object.entries(renderSections(results))) {
    const begin = `<!-- bench:${name}:begin (written by npm run bench) -->`;
    const end = `<!-- bench:${name}:end -->`;
    const block = `${begin}\n${section}\n${end}`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    text = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(resultsFile, text);
  process.stdout.write(`written to ${resultsFile}\n`);
} else {
  const file = join(tmpdir(), 'cti-bench-results.md');
  writeFileSync(file, `${report}\n`);
  process.stdout.write(`written to ${file} (bench/results.md keeps the full-size figures)\n`);
}
process.exitCode = broken ? 1 : 0;
