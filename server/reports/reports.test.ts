import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurposeList } from '../../common/purposes';
import type { CallReport } from '../../common/reports';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { callbacks, calls } from '../db/schema';

/** A seeded Asia/Tokyo day, 2026-03-10: JST is UTC+9, so the day runs 2026-03-09T15:00Z to 2026-03-10T15:00Z. */
const at = (jst: string) => new Date(`${jst}+09:00`);

describe('call reports', () => {
  let t: TestApp;
  let nishi: StoreFixture;
  let kasai: StoreFixture;
  let admin: string;
  let staff: string;
  let seq = 0;

  async function call(store: StoreFixture | null, values: Partial<typeof calls.$inferInsert> & { startedAt: Date }): Promise<void> {
    seq += 1;
    await t.db.insert(calls).values({
      id: `report-${seq}`,
      provider: 'dialpad',
      direction: 'inbound',
      state: 'ended',
      storeId: store?.id ?? null,
      externalNumber: `+8190000000${String(seq).padStart(2, '0')}`,
      ...values,
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    nishi = await buildStore(t.db, { code: 'nishifuna', name: '西船橋' });
    kasai = await buildStore(t.db, { code: 'kasai', name: '葛西' });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store: kasai })).token;
    const purposes = (await t.request<PurposeList>('GET', '/api/call-purposes', admin)).body.items;
    const id = (label: string) => purposes.find((p) => p.label === label)!.id;

    // 西船橋, 2026-03-10: 3 answered (2 予約, 1 キャンセル), 1 missed while open, 2 after hours (one voicemail, 問い合わせ).
    await call(nishi, { startedAt: at('2026-03-10T00:00:00'), answeredAt: at('2026-03-10T00:00:05'), purposeId: id('予約') });
    await call(nishi, { startedAt: at('2026-03-10T12:00:00'), state: 'answered', answeredAt: at('2026-03-10T12:00:05'), purposeId: id('予約') });
    await call(nishi, { startedAt: at('2026-03-10T23:59:59'), answeredAt: at('2026-03-11T00:00:03'), purposeId: id('キャンセル') });
    await call(nishi, { startedAt: at('2026-03-10T15:00:00'), state: 'missed' });
    await call(nishi, { startedAt: at('2026-03-10T07:00:00'), state: 'missed', afterHours: true });
    await call(nishi, { startedAt: at('2026-03-10T21:00:00'), state: 'voicemail', afterHours: true, purposeId: id('問い合わせ') });
    // Left out: a test call, an outbound call, a blocked call; and the days either side.
    await call(nishi, { startedAt: at('2026-03-10T13:00:00'), provider: 'test', isTest: true, purposeId: id('予約') });
    await call(nishi, { startedAt: at('2026-03-10T13:00:00'), direction: 'outbound', answeredAt: at('2026-03-10T13:00:09') });
    await call(nishi, { startedAt: at('2026-03-10T13:30:00'), state: 'blocked' });
    await call(nishi, { startedAt: at('2026-03-09T23:59:59'), state: 'missed' });
    await call(nishi, { startedAt: at('2026-03-11T00:00:00'), state: 'missed' });
    // 葛西 the same day: one missed call, one task reached by a call-back (and one closed otherwise).
    await call(kasai, { startedAt: at('2026-03-10T10:00:00'), state: 'missed' });
    const task = { phone: '+819011112222', reason: 'missed' as const, callIds: ['x'], firstCallAt: at('2026-03-09T10:00:00'), lastCallAt: at('2026-03-09T10:00:00') };
    await t.db.insert(callbacks).values([
      { ...task, storeId: kasai.id, status: 'done', closeReason: 'reached', closedAt: at('2026-03-10T11:00:00') },
      { ...task, phone: '+819011113333', storeId: kasai.id, status: 'done', closeReason: 'done', closedAt: at('2026-03-10T11:00:00') },
      { ...task, phone: '+819011114444', storeId: nishi.id, status: 'done', closeReason: 'reached', closedAt: at('2026-03-11T09:00:00') },
    ]);
    // A store with only a call-back reached on the 11th, and a call of no store on the 10th.
    await call(null, { startedAt: at('2026-03-10T09:00:00'), answeredAt: at('2026-03-10T09:00:01') });
  });
  afterAll(() => t.close());

  const zeros = { 予約: 0, 予約変更: 0, キャンセル: 0, 問い合わせ: 0, その他: 0 };

  it('answers exact figures per store and day, test, outbound and blocked calls left out', async () => {
    const reply = await t.request<CallReport>('GET', '/api/reports/calls?from=2026-03-10&to=2026-03-11', admin);
    expect(reply.status).toBe(200);
    expect(reply.body.purposes).toEqual(['予約', '予約変更', 'キャンセル', '問い合わせ', 'その他']);
    expect(reply.body.days).toEqual([
      {
        date: '2026-03-10',
        store: { code: 'kasai', name: '葛西' },
        calls: 1, answered: 0, missedDuringHours: 1, afterHours: 0, callbacksReached: 1, purposes: zeros,
      },
      {
        date: '2026-03-10',
        store: { code: 'nishifuna', name: '西船橋' },
        calls: 6, answered: 3, missedDuringHours: 1, afterHours: 2, callbacksReached: 0,
        purposes: { ...zeros, 予約: 2, キャンセル: 1, 問い合わせ: 1 },
      },
      { date: '2026-03-10', store: null, calls: 1, answered: 1, missedDuringHours: 0, afterHours: 0, callbacksReached: 0, purposes: zeros },
      {
        date: '2026-03-11',
        store: { code: 'nishifuna', name: '西船橋' },
        calls: 1, answered: 0, missedDuringHours: 1, afterHours: 0, callbacksReached: 1, purposes: zeros,
      },
    ]);
  });

  it('gives staff their own store only, and refuses another store', async () => {
    const mine = await t.request<CallReport>('GET', '/api/reports/calls?from=2026-03-10&to=2026-03-10', staff);
    expect(mine.body.days.map((d) => d.store?.code)).toEqual(['kasai']);
    expect((await t.request('GET', '/api/reports/calls?from=2026-03-10&to=2026-03-10&store=nishifuna', staff)).status).toBe(403);
    const one = await t.request<CallReport>('GET', '/api/reports/calls?from=2026-03-10&to=2026-03-10&store=nishifuna', admin);
    expect(one.body.days.map((d) => d.store?.code)).toEqual(['nishifuna']);
  });

  it('sends the same figures as CSV: UTF-8 with a BOM, or Shift_JIS', async () => {
    const response = await fetch(`${t.url}/api/reports/calls?from=2026-03-10&to=2026-03-10&store=nishifuna`, {
      headers: { authorization: `Bearer ${admin}`, accept: 'text/csv' },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="calls-20260310.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '"日付","店舗コード","店舗","着信","応答","営業時間内の不在着信","営業時間外の着信","折り返しつながった","予約","予約変更","キャンセル","問い合わせ","その他"\r\n' +
        '"2026-03-10","nishifuna","西船橋","6","3","1","2","0","2","0","1","1","0"\r\n',
    );
    const sjis = await fetch(`${t.url}/api/reports/calls?from=2026-03-10&to=2026-03-10&store=kasai&format=csv&encoding=shift_jis`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(sjis.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(iconv.decode(Buffer.from(await sjis.arrayBuffer()), 'cp932').split('\r\n')[1]).toBe('"2026-03-10","kasai","葛西","1","0","1","0","1","0","0","0","0","0"');
  });

  it('keeps an archived purpose as a column only where a call of the range carries it', async () => {
    const purposes = (await t.request<PurposeList>('GET', '/api/call-purposes', admin)).body.items;
    const cancel = purposes.find((p) => p.label === 'キャンセル')!;
    const other = purposes.find((p) => p.label === 'その他')!;
    await t.request('PATCH', `/api/call-purposes/${cancel.id}`, admin, { archived: true });
    await t.request('PATCH', `/api/call-purposes/${other.id}`, admin, { archived: true });
    try {
      const tagged = await t.request<CallReport>('GET', '/api/reports/calls?from=2026-03-10&to=2026-03-10&store=nishifuna', admin);
      expect(tagged.body.purposes).toEqual(['予約', '予約変更', 'キャンセル', '問い合わせ']);
      expect(tagged.body.days[0]?.purposes).toEqual({ 予約: 2, 予約変更: 0, キャンセル: 1, 問い合わせ: 1 });
      const untagged = await t.request<CallReport>('GET', '/api/reports/calls?from=2026-03-11&to=2026-03-11', admin);
      expect(untagged.body.purposes).toEqual(['予約', '予約変更', '問い合わせ']);
    } finally {
      await t.request('PATCH', `/api/call-purposes/${cancel.id}`, admin, { archived: false });
      await t.request('PATCH', `/api/call-purposes/${other.id}`, admin, { archived: false });
    }
  });

  it('refuses bad ranges with 400 naming the field', async () => {
    const bad = async (query: string) => (await t.request('GET', `/api/reports/calls?${query}`, admin)).body;
    expect(await bad('from=2026-03-10&to=2026-03-09')).toMatchObject({ error: 'validation_failed', details: [expect.objectContaining({ field: 'querystring.to' })] });
    expect(await bad('from=2025-01-01&to=2026-03-10')).toMatchObject({ error: 'validation_failed' });
    expect(await bad('from=2026-02-30&to=2026-03-10')).toMatchObject({ error: 'validation_failed' });
    expect(await bad('to=2026-03-10')).toMatchObject({ error: 'validation_failed' });
    expect((await t.request('GET', '/api/reports/calls?from=2025-03-10&to=2026-03-10', admin)).status).toBe(200);
  });
});
