import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks, stores } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildUser } from '../support/factories';
import { FakeDialpad } from '../support/fake-dialpad';
import { launchBrowser, screenshot } from './support/browser';
import { signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Click-to-call from a call-back task, as staff: a missed call makes the task, 発信 asks the
 * stand-in for Dialpad to place the call, and when the stand-in's call connects the task closes.
 */
describe('call-back task: click-to-call (browser)', { timeout: 240_000 }, () => {
  let fake: FakeDialpad;
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  const STORE_NUMBER = '+815017481234';
  const HANAKO = '+819012345678';

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    web = await startWebApp({ DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
    const seed = await seedChain(web.api.db);
    await web.api.db.update(stores).set({ dialpadOfficeId: '124', outboundCallerId: STORE_NUMBER }).where(eq(stores.id, seed.nishifuna.id));
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '佐藤 花子', dialpadUserId: 'dp-sato' });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await fake?.close();
  });

  it('places the call from the task and closes the task when the call connects', async () => {
    const missed = dialpadCall({ external_number: HANAKO, internal_number: STORE_NUMBER });
    await deliverJwt(web.api.url, missed);
    await deliverJwt(web.api.url, { ...missed, state: 'hangup', event_timestamp: (missed.event_timestamp as number) + 10 });

    const task = page.getByTestId('callback-task').filter({ hasText: '山田 花子' });
    await task.waitFor();
    await task.getByRole('button', { name: '担当する' }).click();
    await waitForText(task.getByTestId('callback-owner'), '担当: 佐藤 花子');

    // Dialpad says the user is on a call: said in Japanese, kept on the task, which stays open.
    fake.busyUsers.add('dp-sato');
    await task.getByRole('button', { name: '090-1234-5678 に発信' }).click();
    await page.getByText('Dialpad では通話中です').waitFor();
    await waitForText(task.getByTestId('callback-attempts'), '発信できず');
    await screenshot(page, 'callback-call-busy');
    fake.busyUsers.delete('dp-sato');

    await task.getByRole('button', { name: '090-1234-5678 に発信' }).click();
    await page.getByText('発信しています… Dialpad アプリで応答してください').waitFor();
    await waitForText(task.getByTestId('callback-attempt-count'), '発信 1 回');
    await waitForText(task.getByTestId('callback-attempts'), '発信中');
    await screenshot(page, 'callback-call-placing');

    expect(fake.initiatedCalls).toHaveLength(1);
    const placed = fake.initiatedCalls[0]!;
    expect(placed.userId).toBe('dp-sato');
    expect(placed.body).toMatchObject({ phone_number: HANAKO, outbound_caller_id: STORE_NUMBER, group_id: 124 });

    // Dialpad's events for that call echo the custom_data it was given.
    const call = dialpadCall({
      direction: 'outbound',
      state: 'calling',
      external_number: HANAKO,
      internal_number: STORE_NUMBER,
      target: { id: 'dp-sato', type: 'user', name: '佐藤 花子' },
      custom_data: placed.body.custom_data,
    });
    await deliverJwt(web.api.url, call);
    await deliverJwt(web.api.url, { ...call, state: 'connected', date_connected: Date.now(), event_timestamp: (call.event_timestamp as number) + 1000 });

    await task.waitFor({ state: 'detached' });
    await page.getByText('折り返し待ちはありません').waitFor();
    await screenshot(page, 'callback-call-reached');
    const [row] = await web.api.db.select({ status: callbacks.status, closeReason: callbacks.closeReason }).from(callbacks).where(eq(callbacks.phone, HANAKO));
    expect(row).toEqual({ status: 'done', closeReason: 'reached' });
  });
});
