import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePrefix } from '../../common/stores';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, buildUser, type StoreFixture } from '../../test/support/factories';
import { candidatePrefixes } from './repository';
import { storeForCall } from '../../test/support/directory';

interface StoreBody {
  id: string;
  code: string;
  name: string;
  phonePrefixes: string[];
  dialpadOfficeId: string | null;
}

describe('stores', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff' })).token;
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, token: string | undefined, body?: unknown) => t.request(method, `/api/stores${path}`, token, body);

  it('creates, reads, updates and deletes a store', async () => {
    const created = await call('POST', '/', admin, { code: 'nishifuna', name: '西船橋', phonePrefixes: ['050-1748', '047-401'], dialpadOfficeId: 'office-1' });
    expect(created.status).toBe(201);
    const store = created.body as StoreBody;
    expect(store.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store).toEqual({ id: store.id, code: 'nishifuna', name: '西船橋', phonePrefixes: ['047401', '0501748'], dialpadOfficeId: 'office-1', outboundCallerId: null, hours: null });

    const read = await call('GET', '/nishifuna', staff);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(store);

    const patched = await call('PATCH', '/nishifuna', admin, { name: '西船橋店', phonePrefixes: ['0501749'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...store, name: '西船橋店', phonePrefixes: ['0501749'] });
    // The old prefixes are gone, so they no longer route calls here.
    expect(await storeForCall(t.db, '05017481234')).toBeNull();

    const officeCleared = await call('PATCH', '/nishifuna', admin, { dialpadOfficeId: null });
    expect((officeCleared.body as StoreBody).dialpadOfficeId).toBeNull();

    expect((await call('DELETE', '/nishifuna', admin)).status).toBe(204);
    expect((await call('GET', '/nishifuna', admin)).status).toBe(404);
    expect((await call('DELETE', '/nishifuna', admin)).status).toBe(404);
    expect((await call('PATCH', '/nishifuna', admin, { name: 'x' })).status).toBe(404);
  });

  it('lists stores in code order, a page at a time', async () => {
    for (const code of ['page-a', 'page-b', 'page-c']) await buildStore(t.db, { code });
    const seen: string[] = [];
    let cursor: string | null = 'page-';
    let pages = 0;
    while (cursor !== null && pages < 10) {
      const res = await call('GET', `/?limit=2&cursor=${cursor}`, staff);
      expect(res.status).toBe(200);
      const body = res.body as { items: StoreBody[]; nextCursor: string | null };
      seen.push(...body.items.map((s) => s.code));
      cursor = body.nextCursor;
      pages++;
    }
    expect(seen.filter((c) => c.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);
    expect(seen).toEqual([...seen].sort());
    expect((await call('GET', '/?limit=201', admin)).status).toBe(400);
  });

  it('refuses a prefix another store has, naming the prefix and the store', async () => {
    await buildStore(t.db, { code: 'kinshicho', name: '錦糸町', prefixes: ['0362090'] });
    const res = await call('POST', '/', admin, { code: 'kasai', name: '葛西', phonePrefixes: ['03-6209-0'] });
    expect(res.status).toBe(409);
    const body = res.body as { error: string; message: string };
    expect(body.error).toBe('conflict');
    expect(body.message).toContain('0362090');
    expect(body.message).toContain('kinshicho');
    expect((await call('GET', '/kasai', admin)).status).toBe(404);

    await buildStore(t.db, { code: 'matsudo', prefixes: ['0473'] });
    const patch = await call('PATCH', '/matsudo', admin, { phonePrefixes: ['0473', '0362090'] });
    expect(patch.status).toBe(409);
    expect((patch.body as { message: string }).message).toContain('kinshicho');
    // Nothing changed: the refused PATCH replaced no prefixes.
    expect(((await call('GET', '/matsudo', admin)).body as StoreBody).phonePrefixes).toEqual(['0473']);
    // Keeping its own prefixes is not a conflict.
    expect((await call('PATCH', '/matsudo', admin, { phonePrefixes: ['0473', '0474'] })).status).toBe(200);
  });

  it('refuses a duplicate code or Dialpad office', async () => {
    await buildStore(t.db, { code: 'dup-code', dialpadOfficeId: 'office-dup' });
    const code = await call('POST', '/', admin, { code: 'dup-code', name: 'x' });
    expect(code.status).toBe(409);
    const office = await call('POST', '/', admin, { code: 'other-code', name: 'x', dialpadOfficeId: 'office-dup' });
    expect(office.status).toBe(409);
    expect((office.body as { message: string }).message).toContain('dup-code');
  });

  it('refuses to delete a store users still belong to', async () => {
    const store = await buildStore(t.db);
    await buildUser(t.db, { role: 'staff', store });
    const res = await call('DELETE', `/${store.code}`, admin);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict' });
  });

  it.each([
    [{ name: '店', code: 'Nishifuna' }, 'body.code'],
    [{ name: '店', code: 'a_b' }, 'body.code'],
    [{ code: 'no-name' }, 'body.name'],
    [{ code: 'p1', name: '店', phonePrefixes: ['5017'] }, 'body.phonePrefixes.0'],
    [{ code: 'p2', name: '店', phonePrefixes: ['0501748', '0'] }, 'body.phonePrefixes.1'],
    [{ code: 'p3', name: '店', phonePrefixes: ['050123456789'] }, 'body.phonePrefixes.0'],
    [{ code: 'p4', name: '店', phonePrefixes: ['05O1'] }, 'body.phonePrefixes.0'],
    [{ code: 'p5', name: '店', phonePrefixes: '0501748' }, 'body.phonePrefixes'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await call('POST', '/', admin, body);
    expect(res.status).toBe(400);
    const json = res.body as { error: string; message: string; details: { field: string }[] };
    expect(json.error).toBe('validation_failed');
    expect(json.details.map((d) => d.field)).toContain(field);
  });

  it('normalizes prefixes written with hyphens, spaces, full-width digits or +81', () => {
    expect(normalizePrefix('050-1748')).toBe('0501748');
    expect(normalizePrefix('０５０ー１７４８')).toBe('0501748');
    expect(normalizePrefix('+81 50 1748')).toBe('0501748');
    expect(normalizePrefix('(047) 401')).toBe('047401');
  });

  describe('authorization', () => {
    let code: string;
    beforeAll(async () => {
      code = (await buildStore(t.db, { code: 'authz-store' })).code;
    });
    const cases: { route: string; method: string; path: () => string; body?: () => unknown; staff: number; admin: number }[] = [
      { route: 'list', method: 'GET', path: () => '/', staff: 200, admin: 200 },
      { route: 'read', method: 'GET', path: () => `/${code}`, staff: 200, admin: 200 },
      { route: 'create', method: 'POST', path: () => '/', body: () => ({ code: `authz-${Math.random().toString(36).slice(2, 8)}`, name: '店' }), staff: 403, admin: 201 },
      { route: 'update', method: 'PATCH', path: () => `/${code}`, body: () => ({ name: '店舗' }), staff: 403, admin: 200 },
      { route: 'delete', method: 'DELETE', path: () => '/authz-doomed', staff: 403, admin: 204 },
    ];
    it.each(cases)('$route: no token 401, staff $staff, admin $admin', async ({ method, path, body, staff: staffStatus, admin: adminStatus }) => {
      await buildStore(t.db, { code: 'authz-doomed' }).catch(() => undefined);
      const anonymous = await call(method, path(), undefined, body?.());
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ error: 'unauthorized' });
      const asStaff = await call(method, path(), staff, body?.());
      expect(asStaff.status).toBe(staffStatus);
      if (staffStatus === 403) expect(asStaff.body).toMatchObject({ error: 'forbidden' });
      expect((await call(method, path(), admin, body?.())).status).toBe(adminStatus);
    });
  });

  describe('the store a call is filed under', () => {
    let narrow: StoreFixture;
    beforeAll(async () => {
      await buildStore(t.db, { code: 'resolve-wide', name: '広域', prefixes: ['050'], dialpadOfficeId: 'office-wide' });
      narrow = await buildStore(t.db, { code: 'resolve-narrow', name: '狭域', prefixes: ['0501748'], dialpadOfficeId: 'office-narrow' });
    });
    const resolve = (dialledNational: string | null, officeIds: string[] = []) =>
      storeForCall(t.db, dialledNational, officeIds).then((s) => s?.code ?? null);

    it('picks the longest matching prefix', async () => {
      expect(await resolve('05017481234')).toBe('resolve-narrow');
      expect(await resolve('05099991234')).toBe('resolve-wide');
      expect(await resolve('0501748')).toBe('resolve-narrow');
      expect(await resolve('+815017481234')).toBe('resolve-narrow');
    });

    it('returns id, code, name and hours', async () => {
      const store = await storeForCall(t.db, '05017481234');
      expect(store).toEqual({ id: narrow.id, code: 'resolve-narrow', name: '狭域', hours: null });
    });

    it('prefers a prefix match over an office id', async () => {
      expect(await resolve('05017481234', ['office-wide'])).toBe('resolve-narrow');
    });

    it('falls back to the office id, in the order given', async () => {
      expect(await resolve('0312345678', ['office-unknown', 'office-wide', 'office-narrow'])).toBe('resolve-wide');
      expect(await resolve(null, ['office-narrow'])).toBe('resolve-narrow');
    });

    it('returns null without a match, a number or an office', async () => {
      expect(await resolve('0312345678', ['office-unknown'])).toBeNull();
      expect(await resolve(null)).toBeNull();
      expect(await resolve('')).toBeNull();
      expect(await resolve('anonymous')).toBeNull();
    });

    it('lists every candidate prefix, longest first', () => {
      expect(candidatePrefixes('05017481234')).toEqual(['05017481234', '0501748123', '050174812', '05017481', '0501748', '050174', '05017', '0501', '050', '05']);
      expect(candidatePrefixes('0312345678901234')[0]).toBe('03123456789');
    });
  });
});
