import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../common/customers';
import { todayInJapan } from '../../common/customers';
import { calls, customerPhones } from '../db/schema';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, type StoreFixture } from '../../test/support/factories';

describe('customers API', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let staffId: string;
  let store: StoreFixture;

  const call = <T = unknown>(method: string, path: string, token?: string, body?: unknown) => t.request<T>(method, `/api/customers${path}`, token, body);
  const create = (body: Record<string, unknown>, token = staff) => call<Customer>('POST', '/', token, body);

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'kinshicho', name: '錦糸町' });
    admin = (await t.signIn({ role: 'admin' })).token;
    const s = await t.signIn({ role: 'staff', store, name: '佐藤 スタッフ' });
    staff = s.token;
    staffId = s.id;
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('stores phones written in every common form as E.164 and returns them in three forms', async () => {
      const res = await create({
        name: '山田 花子',
        nameKana: 'ヤマダ ハナコ',
        phones: ['090-1234-5678', '0312345678', { number: '+81 80 1111 2222', label: 'work' }, '０７０－９８７６－５４３２', '+81 (0)6-6123-4567'],
        email: 'hanako@example.jp',
        birthday: '1990-04-01',
        homeStoreCode: 'kinshicho',
        tags: ['VIP', 'カラー', 'VIP'],
        caution: true,
        cautionReason: '大声で話す',
        notes: '駐車場を使う',
      });
      expect(res.status).toBe(201);
      const c = res.body;
      expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.phones).toEqual([
        { e164: '+819012345678', national: '09012345678', display: '090-1234-5678', label: 'mobile' },
        { e164: '+81312345678', national: '0312345678', display: '03-1234-5678', label: 'other' },
        { e164: '+818011112222', national: '08011112222', display: '080-1111-2222', label: 'work' },
        { e164: '+817098765432', national: '07098765432', display: '070-9876-5432', label: 'mobile' },
        { e164: '+81661234567', national: '0661234567', display: '06-6123-4567', label: 'other' },
      ]);
      expect(c).toMatchObject({
        name: '山田 花子',
        nameKana: 'ヤマダ ハナコ',
        email: 'hanako@example.jp',
        birthday: '1990-04-01',
        homeStore: { code: 'kinshicho', name: '錦糸町' },
        tags: ['VIP', 'カラー'],
        caution: true,
        cautionReason: '大声で話す',
        notes: '駐車場を使う',
        createdBy: { id: staffId, name: '佐藤 スタッフ' },
        updatedBy: { id: staffId, name: '佐藤 スタッフ' },
      });
      expect(Date.parse(c.createdAt)).not.toBeNaN();
      expect(Object.keys(c)).not.toContain('searchName');
      const stored = await t.db.select().from(customerPhones).where(eq(customerPhones.customerId, c.id));
      expect(stored.map((p) => p.e164).sort()).toEqual(['+81312345678', '+81661234567', '+817098765432', '+818011112222', '+819012345678']);

      const read = await call<Customer>('GET', `/${c.id}`, staff);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(c);
    });

    it('needs only a name, and keeps one copy of a number given twice', async () => {
      const res = await create({ name: '鈴木 一郎', phones: ['09022223333', '090-2222-3333', '+819022223333'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ nameKana: '', email: null, birthday: null, homeStore: null, tags: [], caution: false, cautionReason: '', notes: '' });
      expect(res.body.phones.map((p) => p.e164)).toEqual(['+819022223333']);
    });

    it('lets two customers share a number (a household phone)', async () => {
      const a = await create({ name: '田中 太郎', phones: ['03-5555-0001'] });
      const b = await create({ name: '田中 次郎', phones: ['0355550001'] });
      expect([a.status, b.status]).toEqual([201, 201]);
    });

    it('names the phone that cannot be a number', async () => {
      const res = await create({ name: '誤記 さん', phones: ['090-1234-5678', 'abc'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_phone' });
      expect(String(res.body.message)).toContain('phones.1');
      const short = await create({ name: '誤記 さん', phones: [{ number: '12', label: 'home' }] });
      expect(short.status).toBe(400);
      expect(short.body).toMatchObject({ error: 'invalid_phone', details: [{ field: 'body.phones.0' }] });
    });

    it.each([
      ['email', { email: 'not-an-email' }],
      ['birthday', { birthday: '2999-01-01' }],
      ['birthday', { birthday: '1990-02-30' }],
      ['birthday', { birthday: 'yesterday' }],
      ['name', { name: '  ' }],
      ['tags', { tags: [''] }],
    ])('refuses a bad %s with 400 naming it', async (field, values) => {
      const res = await create({ name: '検証 さん', ...values });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed' });
      expect(String(res.body.message)).toContain(`body.${field}`);
    });

    it('accepts a birthday of today in Japan', async () => {
      const res = await create({ name: '本日 誕生', birthday: todayInJapan() });
      expect(res.status).toBe(201);
    });

    it('refuses an unknown home store with 400 naming the field', async () => {
      const res = await create({ name: '店舗 不明', homeStoreCode: 'nowhere' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.homeStoreCode' }] });
      expect(String(res.body.message)).toContain('homeStoreCode');
    });

    it('writes nothing when a phone is bad', async () => {
      await create({ name: '半端 書込', phones: ['09011110000', 'x'] });
      const found = await call<{ items: unknown[] }>('GET', '/?q=半端', staff);
      expect(found.body.items).toEqual([]);
    });

    it('needs a signed-in user', async () => {
      expect((await create({ name: '匿名' }, '')).status).toBe(401);
      expect((await call('GET', '/', 'not-a-token')).status).toBe(401);
    });
  });

  describe('read', () => {
    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a', '00000000-0000-0000-0000-000000000000', 'nope']) {
        const res = await call('GET', `/${id}`, staff);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: 'not_found' });
      }
    });
  });

  describe('update', () => {
    it('changes only the given fields, replaces the phone set, and records who changed it', async () => {
      const created = (await create({ name: '高橋 美咲', nameKana: 'タカハシ ミサキ', phones: ['090-1000-0001', '03-1000-0001'], email: 'm@example.jp', homeStoreCode: 'kinshicho' }, admin)).body;
      const res = await call<Customer>('PATCH', `/${created.id}`, staff, { phones: [{ number: '080-2000-0002', label: 'home' }, '090-1000-0001'], notes: '新しいメモ' });
      expect(res.status).toBe(200);
      expect(res.body.phones).toEqual([
        { e164: '+818020000002', national: '08020000002', display: '080-2000-0002', label: 'home' },
        { e164: '+819010000001', national: '09010000001', display: '090-1000-0001', label: 'mobile' },
      ]);
      expect(res.body).toMatchObject({ name: '高橋 美咲', email: 'm@example.jp', notes: '新しいメモ', homeStore: { code: 'kinshicho' }, updatedBy: { id: staffId } });
      expect(res.body.createdBy?.id).not.toBe(staffId);
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

      // Leaving a customer with no number is for admins (test/hardening/one-rule.test.ts).
      const cleared = await call<Customer>('PATCH', `/${created.id}`, admin, { email: '', homeStoreCode: null, phones: [] });
      expect(cleared.body).toMatchObject({ email: null, homeStore: null, phones: [] });
    });

    it('clears the caution reason with the flag', async () => {
      const { id } = (await create({ name: '注意 さん', caution: true, cautionReason: '要確認' })).body;
      const res = await call<Customer>('PATCH', `/${id}`, staff, { caution: false });
      expect(res.body).toMatchObject({ caution: false, cautionReason: '' });
    });

    it('keeps the old phones when the new ones are bad', async () => {
      const { id } = (await create({ name: '保持 さん', phones: ['090-3000-0003'] })).body;
      const res = await call('PATCH', `/${id}`, staff, { phones: ['090-3000-0004', '++'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_phone' });
      expect((await call<Customer>('GET', `/${id}`, staff)).body.phones.map((p) => p.e164)).toEqual(['+819030000003']);
    });

    it('answers 404 for an unknown id and 400 for a bad field', async () => {
      expect((await call('PATCH', '/5f0c7a4e-7b1b-4c8e-9b7a-1f2e3d4c5b6a', staff, { notes: 'x' })).status).toBe(404);
      const { id } = (await create({ name: '検証 さん' })).body;
      const bad = await call('PATCH', `/${id}`, staff, { email: 'nope' });
      expect(bad.status).toBe(400);
      expect(String(bad.body.message)).toContain('body.email');
      const store = await call('PATCH', `/${id}`, staff, { homeStoreCode: 'nowhere' });
      expect(store.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'body.homeStoreCode' }] });
    });
  });

  describe('delete', () => {
    it('is for admins only and keeps the calls of the customer', async () => {
      const { id } = (await create({ name: '削除 さん', phones: ['090-4000-0004'] })).body;
      await t.db.insert(calls).values({ id: 'call-del-1', provider: 'test', direction: 'inbound', state: 'ended', externalNumber: '+819040000004', customerId: id, startedAt: new Date() });

      expect((await call('DELETE', `/${id}`)).status).toBe(401);
      const forbidden = await call('DELETE', `/${id}`, staff);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ error: 'forbidden' });

      const res = await call('DELETE', `/${id}`, admin);
      expect(res.status).toBe(204);
      expect((await call('GET', `/${id}`, admin)).status).toBe(404);
      expect((await call('DELETE', `/${id}`, admin)).status).toBe(404);
      const [kept] = await t.db.select().from(calls).where(eq(calls.id, 'call-del-1'));
      expect(kept).toMatchObject({ customerId: null, externalNumber: '+819040000004' });
      expect(await t.db.select().from(customerPhones).where(eq(customerPhones.customerId, id))).toEqual([]);
    });
  });
});
