import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreUsage } from '../../../common/usage';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer, buildStore, buildUser } from '../../../test/support/factories';
import { callbacks, calls, customers, storePrefixes, users, visits } from '../../db/schema';

const at = new Date('2026-11-01T01:00:00Z');

describe('GET /api/stores/:code/usage', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff' })).token;
  });
  afterAll(() => t.close());

  it('lists its prefixes and users and counts what stays without a store; once the users have gone, the delete does that', async () => {
    const store = await buildStore(t.db, { prefixes: ['0501777', '047777'] });
    const member = await buildUser(t.db, { role: 'staff', store, name: '松戸 太郎', email: 'taro@example.jp' });
    const customer = await buildCustomer(t.db, { homeStore: store });
    await t.db.insert(visits).values([
      { customerId: customer.id, storeId: store.id, visitedAt: at, amountYen: 5500 },
      { customerId: customer.id, storeId: store.id, visitedAt: at, amountYen: 4400 },
    ]);
    const call = (id: string, isTest: boolean) => ({ id, provider: 'dialpad' as const, direction: 'inbound' as const, state: 'ended' as const, storeId: store.id, isTest, startedAt: at });
    await t.db.insert(calls).values([call(`s1-${store.code}`, false), call(`s2-${store.code}`, true)]);
    await t.db.insert(callbacks).values({ storeId: store.id, phone: '+819070000002', reason: 'missed', callIds: [`s1-${store.code}`], firstCallAt: at, lastCallAt: at });

    const res = await t.request<StoreUsage>('GET', `/api/stores/${store.code}/usage`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      prefixes: ['047777', '0501777'],
      users: [{ id: member.id, name: '松戸 太郎', email: 'taro@example.jp' }],
      calls: 1,
      visits: 2,
      callbacks: 1,
      customers: 1,
    });

    // The users named are the ones the delete refuses for.
    expect((await t.request('DELETE', `/api/stores/${store.code}`, admin)).status).toBe(409);
    await t.db.delete(users).where(eq(users.id, member.id));
    expect((await t.request<StoreUsage>('GET', `/api/stores/${store.code}/usage`, admin)).body.users).toEqual([]);
    expect((await t.request('DELETE', `/api/stores/${store.code}`, admin)).status).toBe(204);

    expect(await t.db.select().from(storePrefixes).where(eq(storePrefixes.storeId, store.id))).toEqual([]);
    const kept = await t.db.select({ storeId: calls.storeId }).from(calls).where(eq(calls.id, `s1-${store.code}`));
    expect(kept).toEqual([{ storeId: null }]);
    const visitRows = await t.db.select({ storeId: visits.storeId }).from(visits).where(eq(visits.customerId, customer.id));
    expect(visitRows).toEqual([{ storeId: null }, { storeId: null }]);
    expect(await t.db.select({ homeStoreId: customers.homeStoreId }).from(customers).where(eq(customers.id, customer.id))).toEqual([{ homeStoreId: null }]);
    expect(await t.db.select({ storeId: callbacks.storeId }).from(callbacks).where(eq(callbacks.phone, '+819070000002'))).toEqual([{ storeId: null }]);
  });

  it('is for admins only, and 404 for a code no store has', async () => {
    const store = await buildStore(t.db);
    const refused = await t.request('GET', `/api/stores/${store.code}/usage`, staff);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    expect((await t.request('GET', '/api/stores/no-such-store/usage', admin)).status).toBe(404);
  });
});
