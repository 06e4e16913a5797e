import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../db/schema';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildCustomer, buildStore, type CustomerFixture, type StoreFixture } from '../../test/support/factories';
import type { CustomerCallView } from '../../common/calls';

type Page = { items: CustomerCallView[]; nextCursor: string | null };

describe('GET /api/customers/:id/calls', () => {
  let t: TestApp;
  let customer: CustomerFixture;
  let staffOfAnotherStore: string;
  let kasai: StoreFixture;

  const get = (path: string, token: string) => t.request<Page>('GET', path, token);

  beforeAll(async () => {
    t = await startTestApp();
    const nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋' });
    kasai = await buildStore(t.db, { code: 'kasai', name: '葛西' });
    customer = await buildCustomer(t.db, { name: '履歴 さん', phones: ['090-8888-0001'] });
    const someoneElse = await buildCustomer(t.db, { name: '別の 人' });
    staffOfAnotherStore = (await t.signIn({ role: 'staff', store: kasai })).token;
    const at = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T10:00:00+09:00`);
    const base = { provider: 'dialpad' as const, direction: 'inbound' as const, externalNumber: '+819088880001', customerId: customer.id };
    await t.db.insert(calls).values([
      { ...base, id: 'h-1', state: 'ended', storeId: nishifuna.id, startedAt: at(1), answeredAt: at(1), endedAt: at(1), durationMs: 185_000, answeredByDialpadId: '456', answeredByName: '山田 太郎' },
      { ...base, id: 'h-2', state: 'missed', storeId: nishifuna.id, startedAt: at(2), endedAt: at(2) },
      { ...base, id: 'h-3', state: 'voicemail', storeId: kasai.id, startedAt: at(3), endedAt: at(3) },
      { ...base, id: 'h-4', state: 'answered', storeId: kasai.id, startedAt: at(4), answeredAt: at(4), answeredByName: '佐藤' },
      { ...base, id: 'h-5', state: 'ringing', storeId: null, startedAt: at(5) },
      { ...base, id: 'h-other', state: 'ended', customerId: someoneElse.id, startedAt: at(6) },
    ]);
  });
  afterAll(() => t.close());

  it('lists every call of the customer to admins, newest first, with store, outcome, duration and who answered', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const { status, body } = await get(`/api/customers/${customer.id}/calls`, token);
    expect(status).toBe(200);
    expect(body.items.map((c) => [c.callId, c.outcome, c.store?.code ?? null])).toEqual([
      ['h-5', null, null],
      ['h-4', 'answered', 'kasai'],
      ['h-3', 'voicemail', 'kasai'],
      ['h-2', 'missed', 'nishifuna'],
      ['h-1', 'answered', 'nishifuna'],
    ]);
    expect(body.items.at(-1)).toMatchObject({ state: 'ended', durationMs: 185_000, answeredBy: { id: '456', name: '山田 太郎' }, customerPhone: '09088880001' });
    expect(body.nextCursor).toBeNull();
  });

  it('lists to staff only their store’s calls (and those Dialpad rang them for), as GET /api/calls/:callId does', async () => {
    const { body } = await get(`/api/customers/${customer.id}/calls`, staffOfAnotherStore);
    expect(body.items.map((c) => c.callId)).toEqual(['h-4', 'h-3']);
    for (const id of ['h-2', 'h-5']) expect((await t.request('GET', `/api/calls/${id}`, staffOfAnotherStore)).status).toBe(404);
    // Dialpad user 456 answered h-1 of nishifuna: it is theirs too, whichever store they work in.
    const answerer = await t.signIn({ role: 'staff', store: kasai, dialpadUserId: '456' });
    expect((await get(`/api/customers/${customer.id}/calls`, answerer.token)).body.items.map((c) => c.callId)).toEqual(['h-4', 'h-3', 'h-1']);
  });

  it('pages with a cursor, visiting every call once', async () => {
    const { token } = await t.signIn({ role: 'admin' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res: { body: Page } = await get(`/api/customers/${customer.id}/calls?limit=2${query}`, token);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c) => c.callId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['h-5', 'h-4', 'h-3', 'h-2', 'h-1']);
    expect((await get(`/api/customers/${customer.id}/calls?cursor=garbage`, token)).status).toBe(400);
  });

  it('answers 404 for an unknown or malformed customer and 401 without a token', async () => {
    for (const id of ['5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a', 'nope']) {
      const res = await get(`/api/customers/${id}/calls`, staffOfAnotherStore);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found' });
    }
    expect((await get(`/api/customers/${customer.id}/calls`, '')).status).toBe(401);
  });
});
