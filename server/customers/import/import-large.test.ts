import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildStore } from '../../../test/support/factories';
import { countCustomers, csv, importCsv } from '../../../test/support/csv';

const ROWS = 10_000;

/** A shop system's export: every column filled, a few stores, one number each (some with a second). */
function bigFile(): string {
  const stores = ['nishifuna', 'kinshicho', 'kasai', 'matsudo'];
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return [
      `C${n}`,
      `顧客 ${n}`,
      `コキャク ${n}`,
      `090-1${n.slice(1, 4)}-${n.slice(4)}000`,
      i % 3 === 0 ? `03-5${n.slice(1, 4)}-${n.slice(4)}111` : '',
      `c${n}@example.jp`,
      `19${60 + (i % 40)}/${(i % 12) + 1}/${(i % 28) + 1}`,
      stores[i % 4]!,
      i % 5 === 0 ? 'VIP、カラー' : 'カット',
      i % 50 === 0 ? 'はい' : '',
      i % 50 === 0 ? '要確認' : '',
      `メモ ${n}`,
    ];
  });
  return csv([['顧客ID', '氏名', 'フリガナ', '携帯', '自宅電話', 'メール', '生年月日', '店舗コード', 'タグ', '要注意', '要注意理由', '備考'], ...rows]);
}

describe('a 10,000-row import in one request', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of ['nishifuna', 'kinshicho', 'kasai', 'matsudo']) await buildStore(t.db, { code });
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  it('creates every row, a re-run changes nothing, the export has every row', { timeout: 300_000 }, async () => {
    const file = bigFile();
    const kind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

    // Wall time, and this process's CPU time: on PGlite the database runs in this process, so CPU
    // time is what the import costs when the machine is not shared with other work.
    const measure = async () => {
      const [wall, cpu] = [performance.now(), process.cpuUsage()];
      const reply = await importCsv(t, admin, file);
      const used = process.cpuUsage(cpu);
      return { reply, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
    };
    const { reply: first, ...firstTime } = await measure();
    expect(first.body).toMatchObject({ total: ROWS, created: ROWS, updated: 0, unchanged: 0, failed: 0 });
    expect(await countCustomers(t.db)).toBe(ROWS);

    const { reply: again, ...againTime } = await measure();
    expect(again.body).toMatchObject({ total: ROWS, created: 0, updated: 0, unchanged: ROWS, failed: 0 });
    expect(await countCustomers(t.db)).toBe(ROWS);

    const exportStarted = performance.now();
    const exported = await (await fetch(`${t.url}/api/customers/export`, { headers: { authorization: `Bearer ${admin}` } })).text();
    const exportMs = performance.now() - exportStarted;
    // Header + one line per customer (notes here have no line breaks).
    expect(exported.trimEnd().split('\r\n')).toHaveLength(ROWS + 1);

    // Figures for bench/ and the report, not assertions: machines differ.
    const rate = ({ wallMs, cpuMs }: { wallMs: number; cpuMs: number }) =>
      `${(wallMs / 1000).toFixed(1)} s (${Math.round(ROWS / (wallMs / 1000))} rows/s), process CPU ${(cpuMs / 1000).toFixed(1)} s`;
    console.log(`[import ${kind}] ${ROWS} new rows: ${rate(firstTime)}; re-run, all unchanged: ${rate(againTime)}; export: ${(exportMs / 1000).toFixed(1)} s`);
  });
});
