import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForState, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * テスト着信 in Chromium, as an admin and as staff of the store dialled: the card is marked テスト,
 * has its own 終了, ends by itself a few seconds after it rang (CTI_TEST_CALL_SECONDS=3 here), and is
 * marked in the call log but counted nowhere.
 */
const DESKTOP = { width: 1280, height: 800 };

describe('test calls (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let adminContext: BrowserContext;
  let staffContext: BrowserContext;
  let admin: Page;
  let staff: Page;

  beforeAll(async () => {
    web = await startWebApp({ CTI_TEST_CALL_SECONDS: '3' });
    const seed = await seedChain(web.api.db);
    const clerk = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船橋 スタッフ' });
    browser = await launchBrowser();
    const open = async () => {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
      // A ceiling for each wait, not a timing assumption.
      context.setDefaultTimeout(30_000);
      return context;
    };
    [adminContext, staffContext] = [await open(), await open()];
    [admin, staff] = [await adminContext.newPage(), await staffContext.newPage()];
    await signInWithToken(admin, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));
    await signInWithToken(staff, web.url, await web.api.tokenFor(clerk.id, 'staff'));
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await screenshot(admin, `failed-test-call-admin-${task.name.replace(/\W+/g, '-').slice(0, 40)}`);
    await screenshot(staff, `failed-test-call-staff-${task.name.replace(/\W+/g, '-').slice(0, 40)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** The admin's テスト着信 to 西船橋店's number, picked from the list; returns the call id. */
  async function sendTestCall(): Promise<string> {
    await admin.goto(`${web.url}/dialpad`);
    const form = admin.getByTestId('test-call-form');
    await form.getByTestId('test-call-incoming').click();
    await admin.getByRole('option', { name: /050-1748-0000/ }).click();
    expect(await form.getByTestId('test-call-incoming').inputValue()).toBe('050-1748-0000');
    await form.getByTestId('test-call-button').click();
    const sent = admin.getByRole('status').filter({ hasText: 'テスト着信を送信しました' });
    await sent.waitFor();
    const callId = /\((test-[^)]+)\)/.exec((await sent.textContent()) ?? '')?.[1];
    expect(callId).toBeDefined();
    return callId!;
  }

  it('ends by itself on the admin’s and the store staff’s screens, marked テスト', async () => {
    await staff.goto(`${web.url}/`);
    const callId = await sendTestCall();
    for (const page of [admin, staff]) {
      await waitForText(card(page, callId).getByTestId('caller-name'), '山田 花子');
      await waitForText(card(page, callId), 'テスト');
    }
    await card(staff, callId).getByTestId('end-test-call').waitFor();
    await waitForText(staff.getByTestId('ringing-now'), 'テスト');
    await screenshot(staff, 'test-call-staff-ringing');
    // Nobody presses anything: the server ends it, and both screens hear it.
    await waitForState(admin, callId, 'ended');
    await waitForState(staff, callId, 'ended');
    expect(await card(staff, callId).getByTestId('end-test-call').count()).toBe(0);
    await card(staff, callId).getByTestId('close-card').waitFor();
    await screenshot(staff, 'test-call-staff-ended');
  });

  it('ends at once with its 終了, pressed by the store’s staff, and counts in no figure', async () => {
    await staff.goto(`${web.url}/`);
    const callId = await sendTestCall();
    const popped = card(staff, callId);
    await popped.getByTestId('end-test-call').click();
    await waitForState(staff, callId, 'ended');
    await waitForState(admin, callId, 'ended');

    // The call log marks it; 本日の通話 has no call at all to count (only test calls were made today).
    await staff.goto(`${web.url}/calls`);
    const row = staff.getByTestId('call-table').locator('tbody tr').first();
    await waitForText(row, 'テスト');
    await screenshot(staff, 'test-call-log');
    await staff.goto(`${web.url}/`);
    await waitForText(staff.getByTestId('today-by-store'), '該当する通話はありません');
    expect(await staff.getByTestId('today-by-store').locator('table').count()).toBe(0);
  });
});
