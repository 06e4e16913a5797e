/** Markdown tables for the terminal and for results.md. */
import type { FanoutRow } from './fanout';
import type { MemoryRow } from './memory';
import type { PopupRow } from './popup';
import type { SearchRow } from './search';
import type { Machine } from './support/machine';
import { ms } from './support/stats';
import type { WebhookRow } from './webhook';

export interface Results {
  machine: Machine;
  quick: boolean;
  webhook?: WebhookRow[] | Error;
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

export const BENCHMARKS = ['webhook', 'fanout', 'popup', 'memory', 'search'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

/** Results with only one benchmark's figures (for its own block in results.md). */
function only(r: Results, name: BenchmarkName): Results {
  return { machine: r.machine, quick: r.quick, [name]: r[name] };
}

/** One line per target of the issue. */
function summary(r: Results): string {
  const rows: string[][] = [];
  if (Array.isArray(r.webhook)) {
    for (const [kind, audience] of [['postgres', 'admin'], ['postgres', 'idle-staff'], ['pglite', 'admin'], ['pglite', 'idle-staff']] as const) {
      const all = r.webhook.filter((w) => w.database === kind && w.audience === audience);
      const of = all.filter((w) => !isFloor(w));
      if (of.length === 0) continue;
      const figures = (rows: WebhookRow[]) => ({
        held: Math.max(0, ...rows.filter((w) => w.held).map((w) => w.rate)),
        most: Math.max(...rows.map((w) => w.achieved)),
        cpu: Math.min(...rows.map((w) => w.cpuPerCall)),
      });
      const ours = figures(of);
      const floor = all.some(isFloor) ? figures(all.filter(isFloor)) : undefined;
      const at1000 = of.find((w) => w.rate === 1000);
      const beside = floor
        ? `; floor: held ${int(floor.held)} req/s, ${ms(floor.cpu)} ms/call, so CPU ${ratio(ours.cpu, floor.cpu)} the floor's`
        : '';
      rows.push([
        `webhook, ${dbName(kind)}, ${int(of[0]!.sockets)} ${audience === 'admin' ? 'admin sockets (each gets every call)' : 'staff sockets of another store (get no call)'}`,
        `highest rate held ${ours.held ? `${int(ours.held)} req/s` : 'none'} (most answered: ${int(ours.most)}/s; server CPU ${ms(ours.cpu)} ms/call)${at1000 ? `; at 1,000 req/s p99 ${ms(at1000.latency.p99)} ms` : ''}${beside}`,
        kind === 'postgres' ? 'p99 ≤ 15 ms at 1,000 req/s' : '(no target)',
        kind === 'postgres' && audience === 'admin' ? verdict(at1000 ? at1000.latency.p99 <= 15 && at1000.ok === at1000.sent : false, r.quick) : '—',
      ]);
    }
  } else if (r.webhook) rows.push(['webhook', failed(r.webhook), '', '']);
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
      '### Webhook at fixed rates (open loop; latency from each request\'s scheduled time)',
      table(
        ['server', 'database', 'sockets', 'rate', 'sent', '200', 'errors', 'p50 ms', 'p99 ms', 'max ms', '200/s', 'processed', 'server CPU ms/call', 'CPU × floor', 'held', 'load'],
        r.webhook.map((w, _, all) => [
          w.implementation,
          dbName(w.database), `${int(w.sockets)} ${w.audience === 'admin' ? 'admin' : 'idle staff'}`, int(w.rate), int(w.sent), int(w.ok),
          Object.entries(w.errors).map(([k, v]) => `${k}×${v}`).join(' ') || '0',
          ms(w.latency.p50), ms(w.latency.p99), ms(w.latency.max), int(w.achieved), int(w.processed), ms(w.cpuPerCall),
          isFloor(w) ? '' : ratio(w.cpuPerCall, all.find((f) => isFloor(f) && f.database === w.database && f.audience === w.audience && f.rate === w.rate)?.cpuPerCall),
          w.held ? 'yes' : 'no', String(w.load),
        ]),
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
