/**
 * The process bench/search.ts runs: seeds customers, then prints p50/p95 of the searches staff
 * make, and their plans. It runs alone too:
 *   npx tsx bench/support/search-process.ts                # embedded PGlite (in memory)
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/support/search-process.ts
 *                                                          # a scratch database on that server, dropped after
 * CUSTOMERS=20000 runs a smaller set; ANALYZE=0 skips VACUUM ANALYZE after seeding (PGlite has no
 * autovacuum). Not part of the test suite.
 */
import { sql } from 'drizzle-orm';
import { toE164 } from '../../common/phone';
import type { Db } from '../../server/db/client';
import { customerPhones, customers } from '../../server/db/schema';
import { customersRepository } from '../../server/customers/repository';
import { hitsQuery, type SearchParams, searchCustomers } from '../../server/customers/search/repository';
import { parseSearchTerm } from '../../server/customers/search/term';
import { openTestDatabase } from '../../test/support/database';

const TOTAL = Number(process.env.CUSTOMERS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 30);

const surnames: [string, string][] = [
  ['佐藤', 'サトウ'], ['鈴木', 'スズキ'], ['高橋', 'タカハシ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'], ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ'], ['加藤', 'カトウ'], ['吉田', 'ヨシダ'], ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'], ['山口', 'ヤマグチ'], ['松本', 'マツモト'], ['井上', 'イノウエ'], ['木村', 'キムラ'], ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'], ['清水', 'シミズ'], ['山崎', 'ヤマザキ'], ['森', 'モリ'], ['池田', 'イケダ'], ['橋本', 'ハシモト'],
  ['阿部', 'アベ'], ['石川', 'イシカワ'], ['山下', 'ヤマシタ'], ['中島', 'ナカジマ'], ['石井', 'イシイ'], ['小川', 'オガワ'],
  ['前田', 'マエダ'], ['岡田', 'オカダ'], ['長谷川', 'ハセガワ'], ['藤田', 'フジタ'], ['後藤', 'ゴトウ'], ['近藤', 'コンドウ'],
  ['村上', 'ムラカミ'], ['遠藤', 'エンドウ'], ['青木', 'アオキ'], ['坂本', 'サカモト'], ['中山', 'ナカヤマ'], ['西村', 'ニシムラ'],
];
const givenNames: [string, string][] = [
  ['花子', 'ハナコ'], ['太郎', 'タロウ'], ['美咲', 'ミサキ'], ['翔太', 'ショウタ'], ['陽菜', 'ヒナ'], ['大輝', 'ダイキ'],
  ['結衣', 'ユイ'], ['蓮', 'レン'], ['さくら', 'サクラ'], ['健二', 'ケンジ'], ['和子', 'カズコ'], ['誠', 'マコト'],
  ['恵子', 'ケイコ'], ['拓也', 'タクヤ'], ['優子', 'ユウコ'], ['直樹', 'ナオキ'], ['愛', 'アイ'], ['浩', 'ヒロシ'],
  ['真由美', 'マユミ'], ['悠斗', 'ユウト'], ['美穂', 'ミホ'], ['亮', 'リョウ'], ['由美', 'ユミ'], ['隆', 'タカシ'],
  ['明美', 'アケミ'], ['剛', 'ツヨシ'], ['舞', 'マイ'], ['涼介', 'リョウスケ'], ['千尋', 'チヒロ'], ['智子', 'トモコ'],
];

/** mulberry32: deterministic, so runs compare. */
let seed = 42;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/** Kanji with one reading each, to make the long tail of names that real customer lists have. */
const parts: [string, string][] = [
  ['大', 'オオ'], ['小', 'コ'], ['上', 'カミ'], ['下', 'シモ'], ['川', 'カワ'], ['山', 'ヤマ'], ['田', 'タ'], ['野', 'ノ'],
  ['原', 'ハラ'], ['井', 'イ'], ['木', 'キ'], ['村', 'ムラ'], ['本', 'モト'], ['島', 'シマ'], ['沢', 'サワ'], ['岡', 'オカ'],
  ['松', 'マツ'], ['竹', 'タケ'], ['梅', 'ウメ'], ['石', 'イシ'], ['金', 'カネ'], ['森', 'モリ'], ['林', 'ハヤシ'], ['浜', 'ハマ'],
  ['北', 'キタ'], ['南', 'ミナミ'], ['東', 'ヒガシ'], ['西', 'ニシ'], ['平', 'ヒラ'], ['宮', 'ミヤ'], ['谷', 'タニ'], ['藤', 'フジ'],
  ['橋', 'ハシ'], ['崎', 'サキ'], ['江', 'エ'], ['池', 'イケ'], ['内', 'ウチ'], ['水', 'ミズ'], ['星', 'ホシ'], ['菊', 'キク'],
  ['桜', 'サクラ'], ['柳', 'ヤナギ'], ['関', 'セキ'], ['堀', 'ホリ'], ['久', 'ヒサ'], ['永', 'ナガ'], ['長', 'ナガ'], ['高', 'タカ'],
];
const given: [string, string][] = [
  ['美', 'ミ'], ['花', 'ハナ'], ['子', 'コ'], ['太', 'タ'], ['郎', 'ロウ'], ['翔', 'ショウ'], ['陽', 'ヒ'], ['菜', 'ナ'],
  ['大', 'ダイ'], ['輝', 'キ'], ['結', 'ユ'], ['衣', 'イ'], ['蓮', 'レン'], ['健', 'ケン'], ['二', 'ジ'], ['和', 'カズ'],
  ['誠', 'マコト'], ['恵', 'ケイ'], ['拓', 'タク'], ['也', 'ヤ'], ['優', 'ユウ'], ['直', 'ナオ'], ['樹', 'キ'], ['愛', 'アイ'],
  ['真', 'マ'], ['由', 'ユ'], ['悠', 'ユウ'], ['斗', 'ト'], ['亮', 'リョウ'], ['隆', 'タカ'], ['明', 'アキ'], ['剛', 'ゴウ'],
];

/** Names as a real list has them: a quarter from the commonest surnames, the rest a long tail. */
function randomName(): { name: string; nameKana: string } {
  const [sn, sk] = random() < 0.25 ? pick(surnames) : ((a, b) => [a[0] + b[0], a[1] + b[1]])(pick(parts), pick(parts));
  const [gn, gk] = random() < 0.3 ? pick(givenNames) : ((a, b) => [a[0] + b[0], a[1] + b[1]])(pick(given), pick(given));
  return { name: `${sn} ${gn}`, nameKana: `${sk} ${gk}` };
}

async function seedCustomers(db: Db): Promise<void> {
  const batch = 1000;
  let household: string | undefined;
  for (let done = 0; done < TOTAL; done += batch) {
    const rows = Array.from({ length: Math.min(batch, TOTAL - done) }, () => ({ ...randomName(), caution: random() < 0.02 }));
    const ids = await db.insert(customers).values(rows).returning({ id: customers.id });
    const phones: (typeof customerPhones.$inferInsert)[] = [];
    for (const { id } of ids) {
      phones.push({ customerId: id, e164: toE164(`${pick(['090', '080', '070'])}${digits(8)}`)!, label: 'mobile', position: 0 });
      if (random() < 0.3) {
        // Some landlines are a household's: the next customer with a landline may share it.
        household = household && random() < 0.1 ? household : toE164(`0${pick(['3', '47', '6'])}${digits(8)}`.slice(0, 10))!;
        phones.push({ customerId: id, e164: household, label: 'home', position: 1 });
      }
    }
    await db.insert(customerPhones).values(phones).onConflictDoNothing();
  }
  // What autovacuum does on a server; PGlite has no autovacuum (ANALYZE=0 shows it without statistics).
  if (process.env.ANALYZE !== '0') {
    await db.execute(sql`VACUUM ANALYZE customers`);
    await db.execute(sql`VACUUM ANALYZE customer_phones`);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** The plan's scan nodes, one line each (which index, or a Seq Scan). */
async function plan(db: Db, { phoneE164, ...params }: SearchParams): Promise<string> {
  const holderIds = phoneE164 === undefined ? undefined : (await customersRepository.findSummariesByPhone(db, phoneE164)).map((c) => c.id);
  // pg and PGlite both answer raw queries with `{rows}`.
  const result: unknown = await db.execute(sql`EXPLAIN (ANALYZE, COSTS OFF) ${hitsQuery(db, { ...params, holderIds })}`);
  return (result as { rows: Record<string, string>[] }).rows
    .map((r) => Object.values(r)[0] ?? '')
    .filter((line) => /Scan|Execution Time/.test(line))
    .map((line) => line.trim().replace(/^->\s*/, ''))
    .join(' | ');
}

async function main(): Promise<void> {
  const database = await openTestDatabase();
  try {
    const started = performance.now();
    await seedCustomers(database.db);
    console.log(`${database.kind}: ${TOTAL} customers seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const [sample] = await database.db.select({ e164: customerPhones.e164 }).from(customerPhones).limit(1);
    const known = sample!.e164;
    const cases: [string, SearchParams][] = [
      ['q=やまだ (kana prefix)', { term: parseSearchTerm('やまだ'), limit: 20 }],
      ['q=ﾔﾏﾀﾞ ﾊﾅｺ (half-width, full name)', { term: parseSearchTerm('ﾔﾏﾀﾞ ﾊﾅｺ'), limit: 20 }],
      ['q=はなこ (kana substring)', { term: parseSearchTerm('はなこ'), limit: 20 }],
      ['q=田中 (2 kanji: word start)', { term: parseSearchTerm('田中'), limit: 20 }],
      ['q=花子 (2 kanji: word start)', { term: parseSearchTerm('花子'), limit: 20 }],
      ['q=山田花 (kanji substring)', { term: parseSearchTerm('山田花'), limit: 20 }],
      ['q=佐々木真由美 (rare full name)', { term: parseSearchTerm('佐々木真由美'), limit: 20 }],
      ['q=5678 (last four)', { term: parseSearchTerm('5678'), limit: 20 }],
      ['q=090-12 (fragment)', { term: parseSearchTerm('090-12'), limit: 20 }],
      [`q=${known} (whole number)`, { term: parseSearchTerm(known), limit: 20 }],
      [`phone=${known}`, { term: null, phoneE164: known, limit: 20 }],
      ['no q (first page)', { term: null, limit: 20 }],
    ];
    for (const [label, params] of cases) {
      const { p50, p95 } = await time(() => searchCustomers(database.db, params));
      const page = await searchCustomers(database.db, params);
      console.log(`${label.padEnd(40)} p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  (${page.records.length} shown)`);
      console.log(`    ${await plan(database.db, params)}`);
    }
    const summaries = await time(() => customersRepository.findSummariesByPhone(database.db, known));
    console.log(`${'findSummariesByPhone'.padEnd(40)} p50 ${summaries.p50.toFixed(1).padStart(6)} ms  p95 ${summaries.p95.toFixed(1).padStart(6)} ms`);
  } finally {
    await database.close();
  }
}

await main();
