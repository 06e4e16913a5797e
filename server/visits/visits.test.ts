import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDetail } from '../../common/calls';
import { calls, visits } from '../db/schema';
import { type Reply, startTestApp, type TestApp } from '../../test/support/app';
import { buildCustomer, buildStore, type CustomerFixture, type StoreFixture } from '../../test/support/factories';
import type { VisitSummaryView, VisitView } from '../../common/visits';

type Page = { items: VisitView[]; nextCursor: string | null };

const UNKNOWN = '5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a';
const DAY = 24 * 60 * 60 * 1000;

describe('visits API', () => {
  let t: TestApp;
  let kinshicho: StoreFixture;
  let customer: CustomerFixture;
  let staff: { id: string; token: string };
  /** Visits of other stores than kinshicho are recorded by an admin: staff record their own store's. */
  let admin: string;

  /** Paths not under /api/ are the customer's: `/${id}/visits`. */
  const call = <T = unknown>(method: string, path: string, token: string | undefined = staff.token, body?: unknown) =>
    t.request<T>(method, `${path.startsWith('/api/') ? '' : '/api/customers'}${path}`, token, body);
  const create = (customerId: string, body: Record<string, unknown>, token = staff.token) => call<VisitView>('POST', `/${customerId}/visits`, token, body);
  const visitCount = async (customerId: string) => (await t.db.select().from(visits).where(eq(visits.customerId, customerId))).length;
  const valid = { visitedAt: '2026-10-01T10:00:00+09:00', storeCode: 'kinshicho', menu: 'カット', staffName: '田中', amountYen: 4400, note: '次回はカラー' };

  beforeAll(async () => {
    t = await startTestApp();
    kinshicho = await buildStore(t.db, { code: 'kinshicho', name: '錦糸町' });
    await buildStore(t.db, { code: 'kasai', name: '葛西' });
    customer = await buildCustomer(t.db, { name: '高橋 美咲', phones: ['080-1111-2222'] });
    staff = await t.signIn({ role: 'staff', store: kinshicho });
    admin = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('records a visit and returns it with 201', async () => {
      const res = await create(customer.id, valid);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        visitedAt: '2026-10-01T01:00:00.000Z',
        store: { code: 'kinshicho', name: '錦糸町' },
        menu: 'カット',
        staffName: '田中',
        amountYen: 4400,
        note: '次回はカラー',
        createdBy: staff.id,
      });
      const [row] = await t.db.select().from(visits).where(eq(visits.id, res.body.id));
      expect(row).toMatchObject({ customerId: customer.id, storeId: kinshicho.id, amountYen: 4400, createdBy: staff.id });
    });

    it('needs only the date; the store may be unknown', async () => {
      const { id } = await buildCustomer(t.db, { name: '最小 さん' });
      const res = await create(id, { visitedAt: new Date().toISOString() });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ store: null, menu: '', staffName: '', amountYen: 0, note: '' });
    });

    it.each([
      ['amountYen', 'an amount below zero', { amountYen: -1 }],
      ['amountYen', 'a fractional amount', { amountYen: 100.5 }],
      ['amountYen', 'an amount as text', { amountYen: '4400' }],
      ['visitedAt', 'a date in the future', { visitedAt: new Date(Date.now() + DAY).toISOString() }],
      ['visitedAt', 'a date without a time zone', { visitedAt: '2026-10-01T10:00:00' }],
      ['visitedAt', 'a date that is not one', { visitedAt: 'yesterday' }],
      ['visitedAt', 'no date', { visitedAt: undefined }],
      ['storeCode', 'an unknown store', { storeCode: 'nowhere' }],
      ['note', 'an over-long note', { note: 'x'.repeat(2001) }],
    ])('refuses %s (%s) with 400 naming it and writes nothing', async (field, _, change) => {
      const before = await visitCount(customer.id);
      const res = await create(customer.id, { ...valid, ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
      expect(res.body.message).toContain(`body.${field}`);
      expect(await visitCount(customer.id)).toBe(before);
    });

    it('answers 404 for an unknown or malformed customer, and 401 without a token', async () => {
      for (const id of [UNKNOWN, 'nope']) {
        expect((await create(id, valid)).status).toBe(404);
        expect((await call('GET', `/${id}/visits`)).status).toBe(404);
        expect((await call('GET', `/${id}/visits/summary`)).status).toBe(404);
      }
      expect((await call('POST', `/${customer.id}/visits`, '', valid)).status).toBe(401);
      expect((await call('GET', `/${customer.id}/visits/summary`, '')).status).toBe(401);
    });
  });

  describe('list and summary', () => {
    it('lists newest first, pages through every visit once, and sums them up', async () => {
      const { id } = await buildCustomer(t.db, { name: '常連 さん' });
      const made = [
        { visitedAt: '2026-01-10T10:00:00+09:00', storeCode: 'kasai', amountYen: 3000 },
        { visitedAt: '2026-03-10T10:00:00+09:00', storeCode: 'kinshicho', amountYen: 5000 },
        { visitedAt: '2026-02-10T10:00:00+09:00', storeCode: 'kasai', amountYen: 2000 },
        { visitedAt: '2026-04-10T10:00:00+09:00', storeCode: null, amountYen: 1000 },
        { visitedAt: '2026-05-10T10:00:00+09:00', storeCode: 'kinshicho', amountYen: 0 },
      ];
      for (const v of made) expect((await create(id, v, admin)).status).toBe(201);

      const all = await call<Page>('GET', `/${id}/visits`);
      expect(all.body.items.map((v) => v.visitedAt.slice(0, 7))).toEqual(['2026-05', '2026-04', '2026-03', '2026-02', '2026-01']);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res: Reply<Page> = await call<Page>('GET', `/${id}/visits?limit=2${query}`);
        seen.push(...res.body.items.map((v) => v.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((v) => v.id));

      // kasai and kinshicho have two visits each: the one visited last wins.
      const summary = await call<VisitSummaryView>('GET', `/${id}/visits/summary`);
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ count: 5, lastVisitAt: '2026-05-10T01:00:00.000Z', totalYen: 11000, topStore: { code: 'kinshicho', name: '錦糸町' } });
    });

    it('summarises a customer with no visits as zeros', async () => {
      const { id } = await buildCustomer(t.db, { name: '初来店 さん' });
      expect((await call('GET', `/${id}/visits/summary`)).body).toEqual({ count: 0, lastVisitAt: null, totalYen: 0, topStore: null });
    });

    it('gives the popup the same summary in /api/calls/:callId, without a second request', async () => {
      const { id } = await buildCustomer(t.db, { name: '電話 さん' });
      await create(id, { visitedAt: '2026-06-01T10:00:00+09:00', storeCode: 'kasai', amountYen: 7700 }, admin);
      await t.db.insert(calls).values({ id: 'visit-call-1', provider: 'test', direction: 'inbound', state: 'ringing', storeId: kinshicho.id, customerId: id, startedAt: new Date() });
      const detail = await call<CallDetail>('GET', '/api/calls/visit-call-1');
      const summary = await call<VisitSummaryView>('GET', `/${id}/visits/summary`);
      expect(detail.body.visitSummary).toEqual(summary.body);
      expect(detail.body.visits).toMatchObject([{ amountYen: 7700, store: { code: 'kasai' } }]);
    });

    it('refuses a cursor it did not give out', async () => {
      expect((await call('GET', `/${customer.id}/visits?cursor=garbage`)).status).toBe(400);
    });
  });

  describe('update and delete', () => {
    it('changes the given fields only, and clears the store with null', async () => {
      const visit = (await create(customer.id, valid)).body;
      const res = await call<VisitView>('PATCH', `/${customer.id}/visits/${visit.id}`, admin, { amountYen: 5500, storeCode: 'kasai' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ amountYen: 5500, store: { code: 'kasai' }, menu: 'カット', visitedAt: visit.visitedAt });
      const cleared = await call<VisitView>('PATCH', `/${customer.id}/visits/${visit.id}`, admin, { storeCode: null });
      expect(cleared.body.store).toBeNull();
      const [row] = await t.db.select().from(visits).where(eq(visits.id, visit.id));
      expect(row).toMatchObject({ amountYen: 5500, storeId: null });
    });

    it('refuses bad values with 400 naming them, and unknown ids with 404, changing nothing', async () => {
      const visit = (await create(customer.id, valid)).body;
      const path = `/${customer.id}/visits/${visit.id}`;
      for (const [field, change] of [
        ['amountYen', { amountYen: -100 }],
        ['visitedAt', { visitedAt: new Date(Date.now() + 2 * DAY).toISOString() }],
        ['storeCode', { storeCode: 'nowhere' }],
      ] as const) {
        const res = await call('PATCH', path, staff.token, change);
        expect(res.status).toBe(400);
        expect(res.body.message).toContain(`body.${field}`);
      }
      expect((await call('PATCH', path, staff.token, {})).status).toBe(400);
      const other = await buildCustomer(t.db, { name: '他人 さん' });
      for (const p of [`/${customer.id}/visits/${UNKNOWN}`, `/${customer.id}/visits/nope`, `/${other.id}/visits/${visit.id}`]) {
        expect((await call('PATCH', p, staff.token, { amountYen: 1 })).status).toBe(404);
        expect((await call('DELETE', p)).status).toBe(404);
      }
      const [row] = await t.db.select().from(visits).where(eq(visits.id, visit.id));
      expect(row).toMatchObject({ amountYen: 4400, storeId: kinshicho.id });
    });

    it('deletes a visit with 204', async () => {
      const visit = (await create(customer.id, valid)).body;
      expect((await call('DELETE', `/${customer.id}/visits/${visit.id}`, '')).status).toBe(401);
      expect((await call('DELETE', `/${customer.id}/visits/${visit.id}`)).status).toBe(204);
      expect(await t.db.select().from(visits).where(eq(visits.id, visit.id))).toEqual([]);
      expect((await call('DELETE', `/${customer.id}/visits/${visit.id}`)).status).toBe(404);
    });
  });
});
