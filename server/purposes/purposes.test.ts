import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../common/calls';
import type { PurposeList, PurposeView } from '../../common/purposes';
import { nextEvent, startTestApp, type TestApp } from '../../test/support/app';
import { buildStore, type StoreFixture } from '../../test/support/factories';
import { calls } from '../db/schema';

describe('call purposes', () => {
  let t: TestApp;
  let store: StoreFixture;
  let other: StoreFixture;
  let admin: string;
  let staff: string;

  const list = async (token: string) => (await t.request<PurposeList>('GET', '/api/call-purposes', token)).body.items;

  async function insertCall(storeId: string): Promise<string> {
    const id = `purpose-${Math.random().toString(16).slice(2)}`;
    await t.db.insert(calls).values({ id, provider: 'dialpad', direction: 'inbound', state: 'ringing', storeId, externalNumber: '+819012345678', startedAt: new Date() });
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    store = await buildStore(t.db, { code: 'nishifuna', name: '西船橋' });
    other = await buildStore(t.db, { code: 'kasai', name: '葛西' });
    admin = (await t.signIn({ role: 'admin' })).token;
    staff = (await t.signIn({ role: 'staff', store })).token;
  });
  afterAll(() => t.close());

  it('starts with the five default purposes, in order', async () => {
    expect((await list(staff)).map((p) => p.label)).toEqual(['予約', '予約変更', 'キャンセル', '問い合わせ', 'その他']);
  });

  it('lets admins add, rename, reorder and archive; staff may not; labels stay unique', async () => {
    expect((await t.request('POST', '/api/call-purposes', staff, { label: '求人' })).status).toBe(403);
    const created = await t.request<PurposeView>('POST', '/api/call-purposes', admin, { label: ' 求人 ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: '求人', position: 5, archivedAt: null });
    const taken = await t.request('POST', '/api/call-purposes', admin, { label: '予約' });
    expect(taken.status).toBe(409);
    expect(taken.body.details).toEqual([expect.objectContaining({ field: 'body.label', code: 'taken' })]);

    const renamed = await t.request<PurposeView>('PATCH', `/api/call-purposes/${created.body.id}`, admin, { label: '採用', position: 0 });
    expect(renamed.body).toMatchObject({ label: '採用', position: 0 });
    const archived = await t.request<PurposeView>('PATCH', `/api/call-purposes/${created.body.id}`, admin, { archived: true });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await list(admin)).find((p) => p.id === created.body.id)?.archivedAt).not.toBeNull();
    expect((await t.request('PATCH', `/api/call-purposes/${created.body.id}`, staff, { archived: false })).status).toBe(403);
    expect((await t.request('PATCH', '/api/call-purposes/not-a-uuid', admin, { archived: false })).status).toBe(404);
    expect((await t.request('PATCH', `/api/call-purposes/${created.body.id}`, admin, {})).status).toBe(400);
    expect((await t.request('POST', '/api/call-purposes', admin, { label: '' })).status).toBe(400);
  });

  it('tags a call its store can see, tells the screens, and refuses archived purposes and other stores', async () => {
    const purposes = await list(staff);
    const booking = purposes.find((p) => p.label === '予約')!;
    const callId = await insertCall(store.id);
    const socket = await t.socket(staff);
    const updated = nextEvent(socket, 'call_updated');
    const tagged = await t.request<CallView>('PUT', `/api/calls/${callId}/purpose`, staff, { purposeId: booking.id });
    expect(tagged.status).toBe(200);
    expect(tagged.body.purpose).toEqual({ id: booking.id, label: '予約' });
    expect((await updated).purpose).toEqual({ id: booking.id, label: '予約' });
    const detail = await t.request<{ call: CallView }>('GET', `/api/calls/${callId}`, staff);
    expect(detail.body.call.purpose).toEqual({ id: booking.id, label: '予約' });

    const archived = purposes.find((p) => p.archivedAt !== null)!;
    const refused = await t.request('PUT', `/api/calls/${callId}/purpose`, staff, { purposeId: archived.id });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'body.purposeId', code: 'unknown_purpose' })]);

    const othersCall = await insertCall(other.id);
    expect((await t.request('PUT', `/api/calls/${othersCall}/purpose`, staff, { purposeId: booking.id })).status).toBe(404);
    expect((await t.request('PUT', `/api/calls/${othersCall}/purpose`, admin, { purposeId: booking.id })).status).toBe(200);

    const cleared = await t.request<CallView>('PUT', `/api/calls/${callId}/purpose`, staff, { purposeId: null });
    expect(cleared.body.purpose).toBeNull();
    expect((await t.request('PUT', `/api/calls/${callId}/purpose`, staff, { purposeId: booking.id, extra: 1 })).status).toBe(400);
  });

  it('keeps an archived purpose on the calls tagged with it', async () => {
    const created = (await t.request<PurposeView>('POST', '/api/call-purposes', admin, { label: '一時' })).body;
    const callId = await insertCall(store.id);
    await t.request('PUT', `/api/calls/${callId}/purpose`, staff, { purposeId: created.id });
    await t.request('PATCH', `/api/call-purposes/${created.id}`, admin, { archived: true });
    const detail = await t.request<{ call: CallView }>('GET', `/api/calls/${callId}`, staff);
    expect(detail.body.call.purpose).toEqual({ id: created.id, label: '一時' });
  });
});
