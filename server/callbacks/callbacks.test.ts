import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackView } from '../../common/callbacks';
import { nextEvent, startTestApp, type TestApp } from '../../test/support/app';
import { dialpadCall, deliverJwt } from '../../test/support/dialpad';
import { buildCustomer, buildStore, type StoreFixture } from '../../test/support/factories';

describe('call-back queue', () => {
  let t: TestApp;
  let nishifuna: StoreFixture;
  let kasai: StoreFixture;
  let adminToken: string;

  const api = (path: string, token: string | undefined, init: { method?: string; body?: unknown } = {}) =>
    t.request<Record<string, unknown>>(init.method ?? 'GET', path, token, init.body);
  const openTasks = async (token = adminToken) =>
    ((await api('/api/callbacks?status=open', token)).body.items as CallbackView[]);

  /** A whole unanswered call: ringing, then hangup without connected (and optionally voicemail). */
  async function unansweredCall(from: string, to = '+815017481234', voicemail = false): Promise<string> {
    const event = dialpadCall({ external_number: from, internal_number: to });
    await deliverJwt(t.url, event);
    await deliverJwt(t.url, { ...event, state: 'hangup', event_timestamp: Date.now() + 10 });
    if (voicemail) await deliverJwt(t.url, { ...event, state: 'voicemail', event_timestamp: Date.now() + 20 });
    return String(event.call_id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    nishifuna = await buildStore(t.db, { code: 'nishifuna', name: '西船橋', prefixes: ['0501748'] });
    kasai = await buildStore(t.db, { code: 'kasai', name: '葛西', prefixes: ['0501749'] });
    adminToken = (await t.signIn({ role: 'admin' })).token;
  });
  afterAll(() => t.close());

  it('turns unanswered calls into one open task per store and number, with no screen open', async () => {
    await buildCustomer(t.db, { name: '折返 花子', phones: ['09011110001'] });
    const first = await unansweredCall('+819011110001', '+815017481234', true);
    const second = await unansweredCall('+819011110001');
    await unansweredCall('+819011110001', '+815017491234');

    const tasks = (await openTasks()).filter((c) => c.phoneE164 === '+819011110001');
    expect(tasks).toHaveLength(2);
    const nishi = tasks.find((c) => c.store?.code === 'nishifuna')!;
    // The first call's missed and voicemail count once; the second call folds in.
    expect(nishi).toMatchObject({ callCount: 2, lastCallId: second, phone: '09011110001', customer: { name: '折返 花子' } });
    expect(first).not.toBe(second);
    expect(tasks.find((c) => c.store?.code === 'kasai')).toMatchObject({ callCount: 1 });
  });

  it('closes the task when a later call with that number is answered', async () => {
    await unansweredCall('+819011110002');
    expect((await openTasks()).some((c) => c.phoneE164 === '+819011110002')).toBe(true);
    const answered = dialpadCall({ external_number: '+819011110002' });
    await deliverJwt(t.url, answered);
    await deliverJwt(t.url, { ...answered, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() + 5 });
    expect((await openTasks()).some((c) => c.phoneE164 === '+819011110002')).toBe(false);
    const done = ((await api('/api/callbacks?status=done', adminToken)).body.items as CallbackView[]).find((c) => c.phoneE164 === '+819011110002');
    expect(done).toMatchObject({ status: 'done', closeReason: 'answered' });
  });

  it('closes it when staff call back and the customer picks up (outbound)', async () => {
    await unansweredCall('+819011110003');
    const callBack = dialpadCall({ direction: 'outbound', state: 'calling', external_number: '+819011110003' });
    await deliverJwt(t.url, callBack);
    await deliverJwt(t.url, { ...callBack, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() + 5 });
    expect((await openTasks()).some((c) => c.phoneE164 === '+819011110003')).toBe(false);
  });

  it('does not make a task of a withheld number or an answered call', async () => {
    const before = (await openTasks()).length;
    await unansweredCall('blocked');
    const talked = dialpadCall({ external_number: '+819011110004' });
    await deliverJwt(t.url, talked);
    await deliverJwt(t.url, { ...talked, state: 'hangup', date_connected: Date.now(), event_timestamp: Date.now() + 5 });
    expect(await openTasks()).toHaveLength(before);
  });

  it("lets staff work their own store's queue, pushes changes, and hides other stores", async () => {
    await unansweredCall('+819011110005', '+815017491234');
    const kasaiStaff = await t.signIn({ role: 'staff', store: kasai });
    const nishiStaff = await t.signIn({ role: 'staff', store: nishifuna });
    const task = (await openTasks(kasaiStaff.token)).find((c) => c.phoneE164 === '+819011110005')!;
    expect(task).toBeDefined();
    expect((await openTasks(kasaiStaff.token)).every((c) => c.store?.code === 'kasai')).toBe(true);

    expect((await api(`/api/callbacks/${task.id}`, nishiStaff.token, { method: 'PATCH', body: { status: 'done' } })).status).toBe(404);
    expect((await api('/api/callbacks?store=kasai', nishiStaff.token)).status).toBe(403);
    expect((await api('/api/callbacks', undefined)).status).toBe(401);
    expect((await api(`/api/callbacks/${task.id}`, kasaiStaff.token, { method: 'PATCH', body: {} })).status).toBe(400);

    const pushed = nextEvent(await t.socket(kasaiStaff.token), 'callback_updated');
    const res = await api(`/api/callbacks/${task.id}`, kasaiStaff.token, { method: 'PATCH', body: { status: 'done', note: '折り返し済み' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', closeReason: 'done', note: '折り返し済み', closedBy: { id: kasaiStaff.id } });
    expect(await pushed).toMatchObject({ id: task.id, status: 'done' });
  });

  it('queues open tasks oldest first, page after page', async () => {
    const store = await buildStore(t.db, { code: 'order-store', prefixes: ['0501750'] });
    const staff = await t.signIn({ role: 'staff', store });
    for (const n of ['+819011120001', '+819011120002', '+819011120003']) await unansweredCall(n, '+815017501234');
    const first = await api('/api/callbacks?status=open&limit=2', staff.token);
    const second = await api(`/api/callbacks?status=open&limit=2&cursor=${encodeURIComponent(String(first.body.nextCursor))}`, staff.token);
    const order = [...(first.body.items as CallbackView[]), ...(second.body.items as CallbackView[])].map((c) => c.phoneE164);
    expect(order).toEqual(['+819011120001', '+819011120002', '+819011120003']);
    expect((first.body.items as CallbackView[])[0]).toMatchObject({ queue: 'regular', owner: null, attemptCount: 0, attempts: [] });
  });

  it('lets staff take a task of their store and let it go; only an admin assigns one', async () => {
    await unansweredCall('+819011130001');
    const sato = await t.signIn({ role: 'staff', store: nishifuna, name: '佐藤' });
    const suzuki = await t.signIn({ role: 'staff', store: nishifuna, name: '鈴木' });
    const kasaiStaff = await t.signIn({ role: 'staff', store: kasai });
    const task = (await openTasks()).find((c) => c.phoneE164 === '+819011130001')!;
    const patch = (token: string, body: unknown) => api(`/api/callbacks/${task.id}`, token, { method: 'PATCH', body });

    expect((await patch(sato.token, { ownerId: sato.id })).body).toMatchObject({ owner: { id: sato.id, name: '佐藤' } });
    // Taking someone else's task, or giving one away, is an admin's.
    expect((await patch(suzuki.token, { ownerId: suzuki.id })).status).toBe(403);
    expect((await patch(sato.token, { ownerId: suzuki.id })).status).toBe(403);
    expect((await patch(kasaiStaff.token, { ownerId: kasaiStaff.id })).status).toBe(404);
    expect((await patch(sato.token, { ownerId: null })).body).toMatchObject({ owner: null });

    expect((await patch(adminToken, { ownerId: suzuki.id })).body).toMatchObject({ owner: { id: suzuki.id } });
    const wrongStore = await patch(adminToken, { ownerId: kasaiStaff.id });
    expect(wrongStore).toMatchObject({ status: 400, body: { error: 'validation_failed', details: [{ field: 'ownerId', code: 'not_assignable' }] } });
    expect((await patch(suzuki.token, { note: '夕方にかけ直す' })).body).toMatchObject({ owner: { id: suzuki.id }, note: '夕方にかけ直す' });
  });
});
