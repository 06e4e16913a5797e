import { eq } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInJapan } from '../../common/customers';
import { callPurposes, calls } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForState, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Why they called: staff tag a ringing call with 予約 on its card and find it in the call log; an
 * admin adds a purpose, reads today's figures on the dashboard with the tagged call counted, and
 * downloads the same figures as CSV.
 */
describe('call purposes and the call report (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  let callId = '';

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lets staff tag a ringing call with 予約 on the card, and shows it in the call log', async () => {
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '佐藤 花子' });
    const page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));

    const call = dialpadCall({ external_number: '+819012345678', internal_number: '+815017481234' });
    callId = String(call.call_id);
    await deliverJwt(web.api.url, call);
    const popped = card(page, callId);
    await waitForState(page, callId, 'ringing');
    const picker = popped.getByTestId('call-purpose');
    await picker.getByText('予約', { exact: true }).click();
    // Mantine hides the chip's checkbox visually: wait for its state, not its visibility.
    await picker.getByRole('checkbox', { name: '予約', exact: true, checked: true }).waitFor({ state: 'attached' });
    await screenshot(page, 'purpose-card-tagged');

    const [row] = await web.api.db
      .select({ label: callPurposes.label })
      .from(calls)
      .innerJoin(callPurposes, eq(callPurposes.id, calls.purposeId))
      .where(eq(calls.id, callId));
    expect(row).toEqual({ label: '予約' });

    // Answered and ended: a real call, counted in today's figures.
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() }));
    await waitForState(page, callId, 'answered');
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'hangup', date_ended: Date.now(), duration: 30_000, event_timestamp: Date.now() + 1 }));
    await waitForState(page, callId, 'ended');

    await page.goto(`${web.url}/calls`);
    const table = page.getByTestId('call-table');
    await waitForText(table, '用件');
    await waitForText(table.locator('tbody tr').filter({ hasText: '山田 花子' }), '予約');
    await screenshot(page, 'purpose-call-log');
    await page.close();
  });

  it('lets an admin add a purpose, see today’s figures with the tagged call, and download them as CSV', async () => {
    const page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));
    await page.getByRole('link', { name: '用件' }).click();
    await page.getByLabel('新しい用件').fill('求人');
    await page.getByRole('button', { name: '追加' }).click();
    await page.locator('[data-testid="purpose-row"][data-label="求人"]').waitFor();
    await screenshot(page, 'purpose-list');

    await page.getByRole('link', { name: 'ダッシュボード' }).first().click();
    const report = page.getByTestId('call-report');
    await waitForText(report, '本日の用件');
    const today = todayInJapan();
    const row = report.locator(`[data-testid="call-report-row"][data-store="nishifuna"][data-date="${today}"]`);
    await row.waitFor();
    await waitForText(report.locator('thead'), '求人');
    expect(await row.locator('[data-col="calls"]').innerText()).toBe('1');
    expect(await row.locator('[data-col="answered"]').innerText()).toBe('1');
    expect(await row.locator('[data-col="missed"]').innerText()).toBe('0');
    expect(await row.locator('[data-col="purpose:予約"]').innerText()).toBe('1');
    expect(await row.locator('[data-col="purpose:求人"]').innerText()).toBe('0');
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'purpose-report-card');

    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'CSV ダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe(`calls-${today.replaceAll('-', '')}.csv`);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toEqual([
      '"日付","店舗コード","店舗","着信","応答","営業時間内の不在着信","営業時間外の着信","折り返しつながった","予約","予約変更","キャンセル","問い合わせ","その他","求人"',
      `"${today}","nishifuna","西船橋店","1","1","0","0","0","1","0","0","0","0","0"`,
    ]);

    // Reorder and archive on the list: the card offers what the list says, old calls keep theirs.
    await page.getByRole('link', { name: '用件' }).click();
    await page.getByRole('button', { name: '上へ: キャンセル' }).click();
    const stored = async () =>
      (await web.api.db.select({ label: callPurposes.label, archived: callPurposes.archivedAt }).from(callPurposes).orderBy(callPurposes.position, callPurposes.label)).map(
        (r) => `${r.label}${r.archived ? ' (archived)' : ''}`,
      );
    // A ceiling for the two position writes to land, not a timing assumption.
    await expect.poll(stored, { timeout: 30_000 }).toEqual(['予約', 'キャンセル', '予約変更', '問い合わせ', 'その他', '求人']);
    await page.locator('[data-testid="purpose-row"][data-label="求人"]').getByRole('button', { name: 'アーカイブ' }).click();
    await waitForText(page.locator('[data-testid="purpose-row"][data-label="求人"]'), 'アーカイブ済み');
    await page.locator('[data-testid="purpose-row"]').nth(1).and(page.locator('[data-label="キャンセル"]')).waitFor();
    await screenshot(page, 'purpose-list-edited');
    expect(await stored()).toEqual(['予約', 'キャンセル', '予約変更', '問い合わせ', 'その他', '求人 (archived)']);
    await page.close();
  });
});
