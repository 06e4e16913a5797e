/** Markdown tables for the terminal and for results.md. */
import type { BurstRow } from './burst';
import type { FanoutRow } from './fanout';
import type { MemoryRow } from './memory';
import type { PopupRow } from './popup';
import type { SearchRow } from './search';
import type { Machine } from './support/machine';
import { ms } from './support/stats';
import { HELD_P99_MS, type WebhookRow } from './webhook';

export interface Results {
  machine: Machine;
  quick: boolean;
  webhook?: WebhookRow[] | Error;
  burst?: BurstRow | Error;
  fanout?: FanoutRow[] | Error;
  popup?: PopupRow | Error;
  memory?: MemoryRow[] | Error;
  search?: SearchRow[] | Error;
}

const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const verdict = (ok: boolean | undefined, quick: boolean) => (quick || ok === undefined ? '—' : ok ? 'met' : '**missed**');
const failed = (err: Error) => `failed: ${err.message.split('\n')[0]}`;
const dbName = (kind: string) => (kind === 'postgres' ? 'PostgreSQL' : 'PGlite');
/** Ours over the floor's (bench/floor/): a ratio survives a noisy machine better than either figure. */
const ratio = (ours: number, floor: number | undefined): string =>
  floor !== undefined && floor > 0 && Number.isFinite(ours) && Number.isFinite(floor) ? `${(ours / floor).toFixed(1)}×` : '—';
const isFloor = (row: { implementation: string }) => row.implementation === 'floor';

export const BENCHMARKS = ['webhook', 'burst', 'fanout', 'popup', 'memory', 'search'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

/** Results with only one benchmark's figures (for its own block in results.md). */
function only(r: Results, name: BenchmarkName): Results {
  return { machine: r.machine, quick: r.quick, [name]: r[name] };
}

/** Who was connected: "1,010 in a chain (50 × 20 staff + 10 admins)". */
const chainLabel = (row: WebhookRow | BurstRow) =>
  `${int(row.sockets)} in a chain (${row.chain.stores} × ${row.chain.staffPerStore} staff + ${row.chain.admins} admins)`;
const counts = (tally: Record<string, number>) => Object.entries(tally).map(([k, v]) => `${k}×${v}`).join(' ') || '0';

/** The issue's webhook targets per database: the rate held (HELD_P99_MS) and the CPU per call at 500 req/s. */
const WEBHOOK_TARGETS = {
  postgres: { held: 2_500, cpuAt500: 0.6, text: 'held ≥ 2,500 req/s (p99 ≤ 50 ms); CPU ≤ 0.6 ms/call at 500 req/s' },
  pglite: { held: 800, cpuAt500: 2, text: 'held ≥ 800 req/s; CPU ≤ 2 ms/call at 500 req/s' },
} as const;
const BURST_TARGET = '2,000 at once on PGlite: all first answers ≤ 3 s, each 200 or 503, none lost, every 503 retried successfully';
const BURST_FIRST_ANSWER_MS = 3_000;

/** Per database: the highest rate held, CPU at 500 req/s and p50 at the lowest rate, each beside the floor's. */
function webhookSummary(rows: WebhookRow[], quick: boolean): string[][] {
  const lines: string[][] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    const of = rows.filter((w) => w.database === kind && !isFloor(w));
    const floor = rows.filter((w) => w.database === kind && isFloor(w));
    if (of.length === 0) continue;
    const held = (list: WebhookRow[]) => Math.max(0, ...list.filter((w) => w.held).map((w) => w.rate));
    const heldText = (rate: number) => (rate ? `${int(rate)} req/s` : 'none');
    const at = (list: WebhookRow[], rate: number) => list.find((w) => w.rate === rate);
    const lowest = Math.min(...of.map((w) => w.rate));
    const [cpu, floorCpu] = [at(of, 500)?.cpuPerCall, at(floor, 500)?.cpuPerCall];
    const [p50, floorP50] = [at(of, lowest)!.latency.p50, at(floor, lowest)?.latency.p50];
    const target = WEBHOOK_TARGETS[kind];
    const met = held(of) >= target.held && cpu !== undefined && cpu <= target.cpuAt500;
    lines.push([
      `webhook, ${dbName(kind)}, ${chainLabel(of[0]!)}`,
      `highest rate held ${heldText(held(of))} (floor ${floor.length ? heldText(held(floor)) : '—'}); ` +
        `server CPU at 500 req/s ${cpu === undefined ? '— (not run)' : `${ms(cpu)} ms/call (floor ${floorCpu === undefined ? '—' : ms(floorCpu)}: ${ratio(cpu, floorCpu)})`}; ` +
        `p50 at ${int(lowest)} req/s ${ms(p50)} ms (floor ${floorP50 === undefined ? '—' : ms(floorP50)}: ${ratio(p50, floorP50)})`,
      target.text,
      verdict(met, quick),
    ]);
  }
  return lines;
}

function burstSummary(b: BurstRow, quick: boolean): string[] {
  const other = Object.entries(b.first).filter(([status]) => status !== '200' && status !== '503');
  const met =
    other.length === 0 && b.firstAnswer.max <= BURST_FIRST_ANSWER_MS && b.gaveUp === 0 && b.stored === b.deliveries;
  return [
    `burst, ${dbName(b.database)}, ${int(b.deliveries)} at once, ${chainLabel(b)}`,
    `first answers ${int(b.first['200'] ?? 0)} × 200, ${int(b.first['503'] ?? 0)} × 503, ${other.length ? counts(Object.fromEntries(other)) : 'no other'}; ` +
      `first answer p99 ${ms(b.firstAnswer.p99)} / max ${ms(b.firstAnswer.max)} ms; ` +
      `${int(b.retries)} retries, ${b.gaveUp ? `**${int(b.gaveUp)} gave up**` : 'every delivery finally 200'}; ` +
      `${int(b.stored)} of ${int(b.deliveries)} calls stored; last 200 at ${ms(b.lastOkMs)} ms`,
    BURST_TARGET,
    verdict(met, quick),
  ];
}

/** One line per target of the issue. */
function summary(r: Results): string {
  const rows: string[][] = [];
  if (Array.isArray(r.webhook)) rows.push(...webhookSummary(r.webhook, r.quick));
  else if (r.webhook) rows.push(['webhook', failed(r.webhook), '', '']);
  if (r.burst instanceof Error) rows.push(['burst', failed(r.burst), '', '']);
  else if (r.burst) rows.push(burstSummary(r.burst, r.quick));
  if (Array.isArray(r.fanout)) {
    const fanout = r.fanout;
    for (const f of fanout.filter((row) => !isFloor(row))) {
      const target = f.sockets >= 10_000 ? 300 : f.sockets >= 1_000 ? 50 : undefined;
      const floor = fanout.find((row) => isFloor(row) && row.sockets === f.sockets);
      const beside = floor
        ? `; first socket p50 ${ms(f.first.p50)} ms (floor ${ms(floor.first.p50)}: ${ratio(f.first.p50, floor.first.p50)}), last p99 ${ratio(f.last.p99, floor.last.p99)} the floor's`
        : '';
      rows.push([
        `fan-out to ${int(f.sockets)} sockets`,
        `p50 ${ms(f.last.p50)} / p99 ${ms(f.last.p99)} / max ${ms(f.last.max)} ms; 200 first in ${f.answeredFirst}/${f.calls}; missing ${f.missing}${beside}`,
        target ? `p99 ≤ ${target} ms, 200 before the last socket` : '(no target)',
        target ? verdict(f.last.p99 <= target && f.missing === 0 && f.answeredFirst === f.calls, r.quick) : '—',
      ]);
    }
  } else if (r.fanout) rows.push(['fan-out', failed(r.fanout), '', '']);
  if (r.popup instanceof Error) rows.push(['popup', failed(r.popup), '', '']);
  else if (r.popup?.measured) {
    rows.push(['popup (Chromium)', `p50 ${ms(r.popup.latency.p50)} / p95 ${ms(r.popup.latency.p95)} ms over ${r.popup.calls} calls`, 'p95 ≤ 100 ms', verdict(r.popup.latency.p95 <= 100, r.quick)]);
  } else if (r.popup) rows.push(['popup (Chromium)', r.popup.reason, 'p95 ≤ 100 ms', '—']);
  if (Array.isArray(r.memory)) {
    for (const m of r.memory) {
      rows.push([
        `memory at ${int(m.target)} sockets`,
        `${int(m.sockets)} connected: ${kb(m.rssPerSocket)} RSS, ${kb(m.heapPerSocket)} heap per socket${m.note ? ` (${m.note})` : ''}`,
        '≥ 20,000 per process at ≤ 30 KB RSS',
        m.target >= 20_000 ? verdict(m.sockets >= 20_000 && m.rssPerSocket <= 30 * 1024, r.quick) : verdict(m.rssPerSocket <= 30 * 1024, r.quick),
      ]);
    }
  } else if (r.memory) rows.push(['memory', failed(r.memory), '', '']);
  if (Array.isArray(r.search)) {
    for (const s of r.search) {
      rows.push([
        `customer search, ${dbName(s.database)}, ${int(s.customers)} customers`,
        s.worst ? `worst case ${s.worst.label}: p50 ${ms(s.worst.p50)} / p95 ${ms(s.worst.p95)} ms` : 'no figures',
        'p95 ≤ 20 ms',
        verdict(s.worst ? s.worst.p95 <= 20 : undefined, r.quick),
      ]);
    }
  } else if (r.search) rows.push(['customer search', failed(r.search), '', '']);
  return table(['benchmark', 'result', 'target', ''], rows);
}

function details(r: Results): string {
  const parts: string[] = [];
  if (Array.isArray(r.webhook)) {
    parts.push(
      `### Webhook at fixed rates (open loop; latency from each request's scheduled time; held: all 200, p99 ≤ ${HELD_P99_MS} ms)`,
      table(
        ['server', 'database', 'audience', 'rate', 'sent', '200', 'errors', 'p50 ms', 'p99 ms', 'max ms', '200/s', 'processed', 'server CPU ms/call', 'CPU × floor', 'held', 'load'],
        r.webhook.map((w, _, all) => [
          w.implementation,
          dbName(w.database), chainLabel(w), int(w.rate), int(w.sent), int(w.ok), counts(w.errors),
          ms(w.latency.p50), ms(w.latency.p99), ms(w.latency.max), int(w.achieved), int(w.processed), ms(w.cpuPerCall),
          isFloor(w) ? '' : ratio(w.cpuPerCall, all.find((f) => isFloor(f) && f.database === w.database && f.rate === w.rate)?.cpuPerCall),
          w.held ? 'yes' : 'no', String(w.load),
        ]),
      ),
    );
  }
  if (r.burst && !(r.burst instanceof Error)) {
    const b = r.burst;
    parts.push(
      `### Burst (every delivery due at once; each non-200 sent again after its Retry-After + 0–500 ms, at most 10 tries)`,
      table(
        ['database', 'audience', 'deliveries', 'first answers', 'first p50 ms', 'first p99 ms', 'first max ms', 'retries', 'retry answers', 'gave up', 'calls stored', 'last 200 at ms', 'load'],
        [[dbName(b.database), chainLabel(b), int(b.deliveries), counts(b.first), ms(b.firstAnswer.p50), ms(b.firstAnswer.p99), ms(b.firstAnswer.max), int(b.retries), counts(b.retryAnswers), int(b.gaveUp), int(b.stored), ms(b.lastOkMs), String(b.load)]],
      ),
    );
  }
  if (Array.isArray(r.fanout)) {
    parts.push(
      '### Fan-out (webhook sent → incoming_call at the first / last socket; one call at a time)',
      table(
        ['server', 'sockets', 'calls', 'first p50', 'first p50 × floor', 'last p50', 'last p99', 'last max', 'webhook 200 p50', '200 before last socket', 'missing', 'load'],
        r.fanout.map((f, _, all) => [
          f.implementation,
          int(f.sockets), String(f.calls), ms(f.first.p50),
          isFloor(f) ? '' : ratio(f.first.p50, all.find((row) => isFloor(row) && row.sockets === f.sockets)?.first.p50),
          ms(f.last.p50), ms(f.last.p99), ms(f.last.max), ms(f.webhook.p50), `${f.answeredFirst}/${f.calls}`, String(f.missing), String(f.load)]),
      ),
    );
  }
  if (Array.isArray(r.memory)) {
    parts.push(
      '### Memory per idle signed-in socket (after a full GC)',
      table(
        ['asked', 'connected', 'RSS', 'heap used', 'RSS / socket', 'heap / socket', 'baseline RSS', 'load'],
        r.memory.map((m) => [int(m.target), int(m.sockets), mb(m.measured.rss), mb(m.measured.heapUsed), kb(m.rssPerSocket), kb(m.heapPerSocket), mb(m.baseline.rss), String(m.load)]),
      ),
    );
  }
  if (Array.isArray(r.search)) {
    for (const s of r.search) {
      parts.push(
        `### Customer search, ${dbName(s.database)}, ${int(s.customers)} customers (seeded in ${s.seedSeconds} s; load ${s.load})`,
        table(['search', 'p50 ms', 'p95 ms', 'plan'], s.cases.map((c) => [c.label.replace(/\|/g, '\\|'), ms(c.p50), ms(c.p95), c.plan.replace(/\|/g, '/')])),
      );
    }
  }
  return parts.join('\n\n');
}

export function render(r: Results): string {
  const m = r.machine;
  return [
    `Measured ${m.date} with \`${m.command}\` on ${m.cpus}, ${m.memory}; ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}; open-files limit ${m.fdLimit}.`,
    r.quick ? '**Quick run: small N, figures only show that the benchmarks work.**' : '',
    summary(r),
    details(r),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** One block per benchmark that ran, so a run of some of them (--only) replaces just theirs. */
export function renderSections(r: Results): Partial<Record<BenchmarkName, string>> {
  const out: Partial<Record<BenchmarkName, string>> = {};
  for (const name of BENCHMARKS) if (r[name] !== undefined) out[name] = render(only(r, name));
  return out;
}
