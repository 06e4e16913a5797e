import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerUsage } from '../../../common/usage';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { buildCustomer, buildStore } from '../../../test/support/factories';
import { callbacks, calls, memos, visits } from '../../db/schema';

const at = new Date('2026-11-01T01:00:00Z');

describe('GET /api/customers/:id/usage', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff' })).token;
  });
  afterAll(() => t.close());

  /** A customer with 2 memos, 1 visit, 2 real calls and a test call, and 1 call-back. */
  async function seedHistory() {
    const store = await buildStore(t.db);
    const customer = await buildCustomer(t.db, { phones: ['090-7000-0001'] });
    await t.db.insert(memos).values([
      { customerId: customer.id, body: '一つ目' },
      { customerId: customer.id, body: '二つ目', pinned: true },
    ]);
    await t.db.insert(visits).values({ customerId: customer.id, storeId: store.id, visitedAt: at, amountYen: 5500 });
    const call = (id: string, isTest: boolean) => ({
      id,
      provider: 'dialpad' as const,
      direction: 'inbound' as const,
      state: 'missed' as const,
      storeId: store.id,
      customerId: customer.id,
      isTest,
      startedAt: at,
    });
    const suffix = customer.id.slice(0, 8);
    await t.db.insert(calls).values([call(`u1-${suffix}`, false), call(`u2-${suffix}`, false), call(`u3-${suffix}`, true)]);
    await t.db.insert(callbacks).values({ storeId: store.id, phone: '+819070000001', customerId: customer.id, reason: 'missed', callIds: [`u1-${suffix}`], firstCallAt: at, lastCallAt: at });
    return { customer, callIds: [`u1-${suffix}`, `u2-${suffix}`, `u3-${suffix}`] };
  }

  it('counts what a delete removes and what it leaves, test calls left out; the delete then does exactly that', async () => {
    const { customer, callIds } = await seedHistory();
    const res = await t.request<CustomerUsage>('GET', `/api/customers/${customer.id}/usage`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ memos: 2, visits: 1, calls: 2, callbacks: 1 });

    expect((await t.request('DELETE', `/api/customers/${customer.id}`, admin)).status).toBe(204);
    expect(await t.db.select().from(memos).where(eq(memos.customerId, customer.id))).toEqual([]);
    expect(await t.db.select().from(visits).where(eq(visits.customerId, customer.id))).toEqual([]);
    // The calls stay, no longer anyone's: the screen shows them as an unknown number.
    const kept = await t.db.select({ id: calls.id, customerId: calls.customerId }).from(calls).where(inArray(calls.id, callIds));
    expect(kept.map((c) => c.id).sort()).toEqual([...callIds].sort());
    expect(kept.every((c) => c.customerId === null)).toBe(true);
    const [task] = await t.db.select({ customerId: callbacks.customerId }).from(callbacks).where(eq(callbacks.phone, '+819070000001'));
    expect(task).toEqual({ customerId: null });
  });

  it('counts zero for a customer with no history', async () => {
    const customer = await buildCustomer(t.db);
    expect((await t.request('GET', `/api/customers/${customer.id}/usage`, admin)).body).toEqual({ memos: 0, visits: 0, calls: 0, callbacks: 0 });
  });

  it('is for admins only, and 404 for a customer that does not exist', async () => {
    const customer = await buildCustomer(t.db);
    const refused = await t.request('GET', `/api/customers/${customer.id}/usage`, staff);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    expect((await t.request('GET', '/api/customers/00000000-0000-4000-8000-000000000000/usage', admin)).status).toBe(404);
    expect((await t.request('GET', '/api/customers/not-a-uuid/usage', admin)).status).toBe(404);
  });
});
