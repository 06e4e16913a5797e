/**
 * Soak: 1,000 signed-in sockets and 50 calls a second for 10 minutes (a benchmark, not a test).
 * Fails (exit 1) when any popup is lost, duplicated or shown to a socket outside the call's
 * audience, or when memory keeps growing.
 *
 *   npx tsx bench/soak.ts                     10 minutes on the PostgreSQL server (TEST_DATABASE_URL)
 *   npx tsx bench/soak.ts --minutes=2 --database=pglite --sockets=1000 --rate=50 --write
 *   --audience=stores (default): 10 admins, the rest staff spread over the four stores; a call
 *   reaches its store's staff and the admins, as in a chain. --audience=admin: every socket is an
 *   admin and gets every call (50,000 socket messages a second: more than one core here).
 *
 * Each minute is one open-loop run of the load generator (its own process); between runs the
 * fan-out drains, every call of the minute is counted on every socket, and the server's memory is
 * sampled after a full GC. --write puts the result under "Soak" in bench/results.md (the section
 * between the soak markers only; `npm run bench` owns the rest of the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { login, STORES, storeStaff, takeCallIds } from './support/calls';
import { spawnChild } from './support/ipc';
import { describeMachine, loadAverage } from './support/machine';
import type { loadgenApi } from './support/loadgen';
import { drained, openSockets, startStack } from './support/stack';
import { ms } from './support/stats';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const minutes = Number(option('minutes', '10'));
const sockets = Number(option('sockets', '1000'));
const rate = Number(option('rate', '50'));
const database = option('database', 'postgres') as 'postgres' | 'pglite';
const write = argv.includes('--write');
const audience = option('audience', 'stores') as 'stores' | 'admin';
if (audience !== 'stores' && audience !== 'admin') throw new Error('--audience is stores or admin');
const ADMINS = audience === 'stores' ? Math.min(10, sockets) : sockets;
const CUSTOMERS = 1_000;
/** Growth of the live heap from the second sample (after warm-up) to the last that still counts as flat. */
const FLAT_HEAP_BYTES = 32 * 1024 * 1024;

interface Minute {
  minute: number;
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p99: number;
  /** Calls answered 200 that some socket of their audience never got, calls some socket got more than once, calls a socket outside the audience got. */
  lost: number;
  duplicated: number;
  leaked: number;
  rssMb: number;
  heapMb: number;
  load: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const stack = await startStack({ database, customers: CUSTOMERS, sockets: ADMINS, processes: 2 });
/** Sockets per group: `default` are the admins, the others each store's staff. */
const groupSize: Record<string, number> = { default: stack.sockets };
if (audience === 'stores') {
  for (const [k, store] of STORES.entries()) {
    const count = Math.floor((sockets - ADMINS) / STORES.length) + (k < (sockets - ADMINS) % STORES.length ? 1 : 0);
    const token = await login(stack.url, storeStaff(store.code));
    groupSize[store.code] = (await openSockets(stack.clients, stack.url, token, count, store.code)).opened;
  }
}
const connected = Object.values(groupSize).reduce((n, c) => n + c, 0);
const loadgen = spawnChild<typeof loadgenApi>('support/loadgen.ts');
const rows: Minute[] = [];
let closedUnexpectedly = 0;
const started = Date.now();
try {
  if (connected !== sockets) throw new Error(`only ${connected} of ${sockets} sockets connected`);
  process.stdout.write(`soak: ${sockets} sockets (${JSON.stringify(groupSize)}), ${rate} calls/s, ${minutes} min on ${stack.kind}\n`);
  let before = await drained(stack.clients);
  for (let minute = 1; minute <= minutes; minute++) {
    const count = rate * 60;
    const firstCallId = takeCallIds(count);
    await loadgen.call('prepare', { url: stack.url, rate, durationMs: 60_000, firstCallId, customers: CUSTOMERS }, 120_000);
    const load = loadAverage();
    const result = await loadgen.call('run', undefined, 180_000);
    // A server that fell behind is still fanning out requests the generator gave up on: let it finish.
    const after = await drained(stack.clients, 120_000);

    // Every call of the minute, exactly once on every socket of its audience (the admins and, with
    // --audience=stores, the staff of the store dialled: STORES[i % 4], as the load generator
    // builds them) and on no other. A call no socket got at all is one the webhook refused (503:
    // Dialpad would deliver it again) unless there are more of them than refusals; a call some of
    // its audience got and others did not is a lost popup whatever the webhook said.
    let none = 0;
    let partial = 0;
    let duplicated = 0;
    let leaked = 0;
    for (let i = 0; i < count; i++) {
      const tallies = await Promise.all(stack.clients.map((c) => c.call('waitCall', { callId: String(firstCallId + i), timeoutMs: 0 })));
      // Distinct sockets that got the call, by group; and deliveries to a socket that already had it.
      const got: Record<string, number> = {};
      for (const t of tallies) for (const [group, n] of Object.entries(t?.groups ?? {})) got[group] = (got[group] ?? 0) + n;
      const repeats = tallies.reduce((n, t) => n + (t?.repeats ?? 0), 0);
      if (Object.keys(got).length === 0) {
        none += 1;
        continue;
      }
      const store = STORES[i % STORES.length]!.code;
      const expected = (group: string) => (group === 'default' || group === store ? groupSize[group]! : 0);
      if (Object.keys(groupSize).some((group) => (got[group] ?? 0) < expected(group))) partial += 1;
      if (repeats > 0 || Object.keys(got).some((group) => expected(group) > 0 && got[group]! > expected(group))) duplicated += 1;
      if (Object.keys(got).some((group) => expected(group) === 0)) leaked += 1;
    }
    const lost = partial + Math.max(0, none - (result.sent - result.ok));
    const stats = await Promise.all(stack.clients.map((c) => c.call('stats', { forget: true })));
    closedUnexpectedly = stats.reduce((n, s) => n + s.closedUnexpectedly, 0);
    const memory = await stack.server.call('memory', undefined);
    const row: Minute = {
      minute,
      sent: result.sent,
      ok: result.ok,
      errors: result.sent - result.ok,
      p50: result.latency.p50,
      p99: result.latency.p99,
      lost,
      duplicated,
      leaked,
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      load,
    };
    rows.push(row);
    process.stdout.write(
      `  min ${minute}: ${row.ok}/${row.sent} ok, p50 ${ms(row.p50)} p99 ${ms(row.p99)}, lost ${lost}, dup ${duplicated}, leaked ${leaked}, ` +
        `${after - before} socket messages, rss ${row.rssMb} MB heap ${row.heapMb} MB, load ${load}` +
        `${row.errors > 0 ? `, errors ${JSON.stringify(result.errors)}` : ''}\n`,
    );
    before = after;
  }
} finally {
  await loadgen.stop();
  await stack.stop();
}

const lost = rows.reduce((n, r) => n + r.lost, 0);
const duplicated = rows.reduce((n, r) => n + r.duplicated, 0);
const leaked = rows.reduce((n, r) => n + r.leaked, 0);
const errors = rows.reduce((n, r) => n + r.errors, 0);
const warm = rows[Math.min(1, rows.length - 1)]!;
const last = rows.at(-1)!;
const heapGrowth = (last.heapMb - warm.heapMb) * 1024 * 1024;
const flat = heapGrowth <= FLAT_HEAP_BYTES;
const passed = lost === 0 && duplicated === 0 && leaked === 0 && errors === 0 && closedUnexpectedly === 0 && flat;
const refusedNote = errors > 0 ? ` (the ${errors} refused calls were answered 503, which Dialpad retries: the server fell behind, see p99)` : '';

const machine = await describeMachine(argv);
const report = [
  `Run ${new Date(started).toISOString().slice(0, 16)}Z, ${minutes} min, ${sockets} sockets (${audience === 'stores' ? `${groupSize.default} admins, the rest staff of the 4 stores: each call reaches ≈ ${Math.round(groupSize.default! + (sockets - ADMINS) / STORES.length)}` : 'all admins: each call reaches every one'}; 2 client processes), ${rate} calls/s open loop, ` +
    `${stack.kind === 'pglite' ? 'PGlite' : 'PostgreSQL server'}; ${machine.cpus} on ${machine.node}. ` +
    `Verdict: **${passed ? 'pass' : 'FAIL'}**: ${lost} acknowledged calls lost, ${duplicated} duplicated and ${leaked} shown outside their audience on some socket, ${errors} webhook errors` +
    `${refusedNote}, ${closedUnexpectedly} sockets dropped; live heap ${warm.heapMb} → ${last.heapMb} MB from minute ${warm.minute} (flat: ≤ ${mb(FLAT_HEAP_BYTES)} MB growth).`,
  '',
  '| minute | calls ok | p50 | p99 | lost | duplicated | leaked | server RSS MB | heap MB | load |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.minute} | ${r.ok}/${r.sent} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.lost} | ${r.duplicated} | ${r.leaked} | ${r.rssMb} | ${r.heapMb} | ${r.load} |`),
].join('\n');
process.stdout.write(`\n${report}\n`);

if (write) {
  // One block per load shape, so a run at another rate adds its own instead of replacing this one.
  const shape = `${sockets} sockets (${audience}), ${rate}/s, ${stack.kind}`;
  const BEGIN = `<!-- soak:begin ${shape} (written by npx tsx bench/soak.ts --write) -->`;
  const END = `<!-- soak:end ${shape} -->`;
  const file = fileURLToPath(new URL('./results.md', import.meta.url));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  const block = `${BEGIN}\n${report}\n${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const heading = text.includes('\n## Soak\n') ? '' : '\n\n## Soak\n\n1,000 sockets and 50 calls a second, held for minutes: no popup lost or duplicated, memory flat (bench/soak.ts).';
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text.trimEnd()}${heading}\n\n${block}\n`;
  writeFileSync(file, next);
  process.stdout.write(`written to ${file}\n`);
}
process.exitCode = passed ? 0 : 1;
