import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../common/business-hours';
import type { Store } from '../../common/stores';
import { callbacks } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Business hours, as an admin sets them in the store form and as staff meet their result the
 * next morning: a call missed while the store is closed is listed in 時間外の不在着信, not in
 * 折り返し待ち, and the day's figures count it apart from the misses during hours.
 */
describe('business hours and after-hours misses (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  /** Today in Tokyo: made a closed date in the form, so that a call now comes after hours. */
  const today = localTime('Asia/Tokyo', new Date()).date;

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lets an admin set a store’s hours in the form, refusing a range past midnight in Japanese', async () => {
    const page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));
    await page.goto(`${web.url}/stores`);
    await page.getByRole('button', { name: '編集: 西船橋店' }).click();
    const hours = page.getByTestId('store-hours');
    await hours.getByRole('switch', { name: '営業時間を設定する' }).check();
    await hours.getByTestId('hours-wed').getByRole('checkbox', { name: '定休日' }).check();
    await page.getByLabel('金曜日の閉店時刻').fill('02:00');
    await page.getByRole('combobox', { name: '休業日' }).fill(today);
    await page.getByRole('combobox', { name: '休業日' }).press('Enter');
    await page.getByRole('button', { name: '保存' }).click();
    await waitForText(hours.getByTestId('hours-fri'), '閉店は開店より後の時刻にしてください');
    await screenshot(page, 'business-hours-refused');

    await page.getByLabel('金曜日の閉店時刻').fill('22:00');
    await page.getByRole('button', { name: '土曜日に時間帯を追加' }).click();
    await page.getByLabel('土曜日の開店時刻').nth(1).fill('21:00');
    await page.getByLabel('土曜日の閉店時刻').nth(1).fill('24:00');
    await screenshot(page, 'business-hours-form');
    await page.getByRole('button', { name: '保存' }).click();
    await hours.waitFor({ state: 'detached' });

    const saved = await web.api.request<Store>('GET', '/api/stores/nishifuna', await web.api.tokenFor(seed.admin.id, 'admin'));
    const ten20 = [{ open: '10:00', close: '20:00' }];
    expect(saved.body.hours).toEqual({
      timeZone: 'Asia/Tokyo',
      weekly: { mon: ten20, tue: ten20, wed: [], thu: ten20, fri: [{ open: '10:00', close: '22:00' }], sat: [...ten20, { open: '21:00', close: '24:00' }], sun: ten20 },
      closedDates: [today],
    });

    // Opened again, the form shows what was saved.
    await page.getByRole('button', { name: '編集: 西船橋店' }).click();
    expect(await hours.getByTestId('hours-wed').getByRole('checkbox', { name: '定休日' }).isChecked()).toBe(true);
    expect(await page.getByLabel('金曜日の閉店時刻').inputValue()).toBe('22:00');
    await waitForText(hours, today);
    await screenshot(page, 'business-hours-saved');
    await page.close();
  });

  it('shows staff a call missed while the store is closed under 時間外, not in 折り返し待ち', async () => {
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '佐藤 花子' });
    const page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));

    // Today is a closed date of 西船橋店: a call now is after hours.
    const missed = dialpadCall({ external_number: '+819012345678', internal_number: '+815017481234' });
    await deliverJwt(web.api.url, missed);
    await deliverJwt(web.api.url, { ...missed, state: 'hangup', event_timestamp: (missed.event_timestamp as number) + 10 });

    const afterHours = page.getByTestId('after-hours');
    await afterHours.getByTestId('callback-task').filter({ hasText: '山田 花子' }).waitFor();
    await waitForText(page.getByTestId('callbacks'), '折り返し待ちはありません');
    expect(await page.getByTestId('callbacks').getByTestId('callback-task').count()).toBe(0);
    const byStore = page.getByTestId('today-by-store');
    await waitForText(byStore.getByTestId('missed-after-hours'), '1');
    expect(await byStore.getByTestId('missed-during-hours').first().innerText()).toBe('0');
    await waitForText(byStore, '不在(営業時間内)');
    await screenshot(page, 'business-hours-dashboard');

    const [task] = await web.api.db.select({ kind: callbacks.kind }).from(callbacks).where(eq(callbacks.phone, '+819012345678'));
    expect(task).toEqual({ kind: 'after_hours' });
    await page.close();
  });
});
