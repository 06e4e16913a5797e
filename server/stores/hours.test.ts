import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../common/stores';
import { startTestApp, type TestApp } from '../../test/support/app';
import { buildStore } from '../../test/support/factories';
import { storesRepository } from './repository';
import { storeForCall } from '../../test/support/directory';

const ten20 = [{ open: '10:00', close: '20:00' }];
const week = { mon: ten20, tue: ten20, wed: [], thu: ten20, fri: ten20, sat: [{ open: '17:00', close: '24:00' }, { open: '10:00', close: '14:00' }], sun: ten20 };

describe('store hours', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff' })).token;
  });
  afterAll(() => t.close());

  it('saves hours on PATCH, reads them back sorted with Asia/Tokyo by default, and clears them with null', async () => {
    const store = await buildStore(t.db, { code: 'hours-a', prefixes: ['0501750'] });
    const fresh = await t.request<Store>('GET', '/api/stores/hours-a', staff);
    expect(fresh.body.hours).toBeNull();

    const patched = await t.request<Store>('PATCH', '/api/stores/hours-a', admin, { hours: { weekly: week, closedDates: ['2027-01-02', '2027-01-01', '2027-01-02'] } });
    expect(patched.status).toBe(200);
    const expected = {
      timeZone: 'Asia/Tokyo',
      weekly: { ...week, sat: [{ open: '10:00', close: '14:00' }, { open: '17:00', close: '24:00' }] },
      closedDates: ['2027-01-01', '2027-01-02'],
    };
    expect(patched.body.hours).toEqual(expected);
    expect((await t.request<Store>('GET', '/api/stores/hours-a', staff)).body.hours).toEqual(expected);
    // The call pipeline holds them with the store in its directory (server/calls/directory.ts).
    expect(await storeForCall(t.db, '05017501234')).toEqual({
      id: store.id,
      code: 'hours-a',
      name: store.name,
      hours: expected,
    });

    // Other fields leave the hours alone; null clears them.
    await t.request('PATCH', '/api/stores/hours-a', admin, { name: '営業時間テスト' });
    expect((await t.request<Store>('GET', '/api/stores/hours-a', admin)).body.hours).toEqual(expected);
    const cleared = await t.request<Store>('PATCH', '/api/stores/hours-a', admin, { hours: null });
    expect(cleared.body.hours).toBeNull();
    expect((await storesRepository.findByCode(t.db, 'hours-a'))?.hours).toBeNull();
  });

  it('takes hours and another zone when a store is created', async () => {
    const created = await t.request<Store>('POST', '/api/stores', admin, {
      code: 'hours-ny',
      name: 'New York',
      hours: { timeZone: 'America/New_York', weekly: { ...week, wed: ten20 } },
    });
    expect(created.status).toBe(201);
    expect(created.body.hours).toMatchObject({ timeZone: 'America/New_York', closedDates: [], weekly: { wed: ten20 } });
  });

  it('refuses bad hours with a field and a code for each problem, and changes nothing', async () => {
    await buildStore(t.db, { code: 'hours-bad' });
    const res = await t.request('PATCH', '/api/stores/hours-bad', admin, {
      hours: {
        timeZone: 'Asia/Nowhere',
        weekly: { ...week, mon: [{ open: '9:00', close: '20:00' }], fri: [{ open: '18:00', close: '02:00' }], sat: [{ open: '10:00', close: '15:00' }, { open: '14:00', close: '20:00' }] },
        closedDates: ['2027-02-30'],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    const details = (res.body.details as { field: string; code: string }[]).map((d) => [d.field, d.code]);
    expect(details).toEqual(
      expect.arrayContaining([
        ['body.hours.timeZone', 'invalid_time_zone'],
        ['body.hours.weekly.mon.0.open', 'invalid_time'],
        ['body.hours.weekly.fri.0.close', 'close_before_open'],
        ['body.hours.weekly.sat.1.open', 'ranges_overlap'],
        ['body.hours.closedDates.0', 'not_a_date'],
      ]),
    );
    expect(details).toHaveLength(5);
    expect((await storesRepository.findByCode(t.db, 'hours-bad'))?.hours).toBeNull();
  });

  it('refuses a weekday left out and fields the hours do not have', async () => {
    await buildStore(t.db, { code: 'hours-strict' });
    const noSunday = Object.fromEntries(Object.entries(week).filter(([day]) => day !== 'sun'));
    const missing = await t.request('PATCH', '/api/stores/hours-strict', admin, { hours: { weekly: noSunday } });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'body.hours.weekly.sun', code: 'required' })]);
    const extra = await t.request('PATCH', '/api/stores/hours-strict', admin, { hours: { weekly: week, holidays: [] } });
    expect(extra.status).toBe(400);
    expect(extra.body.details).toEqual([{ field: 'body.hours.holidays', message: 'unknown field', code: 'unknown_field' }]);
  });

  it('lets only admins set hours', async () => {
    await buildStore(t.db, { code: 'hours-staff' });
    const res = await t.request('PATCH', '/api/stores/hours-staff', staff, { hours: { weekly: week } });
    expect(res.status).toBe(403);
  });
});
