import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerList } from '../../common/customers';
import { csv } from '../support/csv';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Issue 13 item 6 in Chromium: an admin imports a Shift_JIS CSV from the web app (one new customer
 * whose store is given by its name, one whose 備考 changes, one refused for an unknown store),
 * reads the dry run as old → new and the failure in Japanese, chooses 置き換える for 備考, imports
 * with a progress bar, and downloads the export; staff are not offered the screen.
 */
describe('CSV import and export from the web app (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  let adminToken: string;
  let staffToken: string;

  const api = <T>(method: string, path: string, body?: unknown) => web.api.request<T>(method, path, adminToken, body);
  const rowOf = (n: number) => page.locator('tr', { has: page.locator(`[data-testid="import-row"][data-row="${n}"]`) });
  const change = (n: number, field: string) => rowOf(n).locator(`[data-testid="import-change"][data-field="${field}"]`);

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    adminToken = await web.api.tokenFor(seed.admin.id, 'admin');
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船 スタッフ' });
    staffToken = await web.api.tokenFor(staff.id, 'staff');
    expect((await api('PATCH', `/api/customers/${seed.hanako.id}`, { notes: '前回はカットのみ' })).status).toBe(200);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
    // A ceiling for each wait, not a timing assumption (CI runs every test file at once on two cores).
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-import-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('admin: Shift_JIS file → dry run with old → new and a Japanese failure → 置き換える → import with progress → the database holds it → export', async () => {
    await signInWithToken(page, web.url, adminToken);
    await page.goto(`${web.url}/customers`);
    await page.getByTestId('export-button').waitFor();
    await screenshot(page, 'import-customers-admin-buttons');
    await page.getByTestId('import-link').click();
    await waitForText(page.getByRole('heading', { level: 1 }), '顧客データの取り込み・書き出し');

    // As Excel in Japan saves it: CP932, every cell quoted, CRLF. A column no field is known by.
    const file = iconv.encode(
      csv([
        ['氏名', 'フリガナ', '電話番号', '店舗', '備考', '会員番号', '趣味'],
        ['佐藤 一郎', 'サトウ イチロウ', '080-1111-2222', '錦糸町店', '紹介で来店', 'M-100', '釣り'],
        ['山田 花子', 'ヤマダ ハナコ', '090-1234-5678', 'nishifuna', '次回はカラー希望', '', ''],
        ['鈴木 三郎', '', '070-3333-4444', '船橋店', '', '', ''],
      ]),
      'cp932',
    );
    await page.locator('input[type="file"]').setInputFiles({ name: '顧客一覧.csv', mimeType: 'text/csv', buffer: file });

    const summary = page.locator('[data-testid="import-summary"][data-dry-run="true"]');
    await summary.waitFor();
    await waitForText(summary, '文字コード: Shift_JIS');
    expect(await page.getByTestId('import-count-created').textContent()).toBe('新規 1');
    expect(await page.getByTestId('import-count-updated').textContent()).toBe('更新 1');
    expect(await page.getByTestId('import-count-failed').textContent()).toBe('エラー 1');
    expect(await page.getByTestId('import-unknown-headers').textContent()).toContain('趣味');

    // The new customer: its store found by name, shown by name; the 会員番号.
    expect(await rowOf(2).getByText('新規', { exact: true }).count()).toBe(1);
    expect(await change(2, 'homeStore').textContent()).toBe('担当店舗: — → 錦糸町店');
    expect(await change(2, 'externalId').textContent()).toBe('会員番号: — → M-100');
    // The existing customer, by default 追記する: the old note kept, the new one below it.
    expect(await rowOf(3).getByText('更新', { exact: true }).count()).toBe(1);
    expect(await change(3, 'notes').textContent()).toBe('備考: 前回はカットのみ → 前回はカットのみ\n次回はカラー希望');
    // The refused row, in Japanese from its code (never the server's English).
    const failure = rowOf(4).getByTestId('import-failure');
    expect(await failure.textContent()).toBe('担当店舗: 「船橋店」という店舗コード・店舗名の店舗はありません');
    await screenshot(page, 'import-dry-run');
    await page.getByTestId('import-rows').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-dry-run-rows');

    // 置き換える re-runs the dry run: the file's note replaces the customer's.
    await page.getByTestId('import-mode-notes').getByLabel('置き換える').check();
    await change(3, 'notes').filter({ hasText: /^備考: 前回はカットのみ → 次回はカラー希望$/ }).waitFor();

    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-progress"][data-finished="true"][data-percent="100"]').waitFor();
    const done = page.locator('[data-testid="import-summary"][data-dry-run="false"]');
    await done.waitFor();
    await waitForText(page.getByRole('heading', { level: 2 }), '取り込みました');
    expect(await done.getByTestId('import-count-created').textContent()).toBe('新規 1');
    expect(await done.getByTestId('import-count-updated').textContent()).toBe('更新 1');
    expect(await done.getByTestId('import-count-failed').textContent()).toBe('エラー 1');
    await screenshot(page, 'import-done');
    await page.getByTestId('import-rows').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-done-rows');

    // What the database holds, read through the API.
    const sato = (await api<CustomerList>('GET', '/api/customers?phone=08011112222')).body.items;
    expect(sato.map((c) => [c.name, c.homeStore?.code])).toEqual([['佐藤 一郎', 'kinshicho']]);
    const satoFull = (await api<Customer>('GET', `/api/customers/${sato[0]!.id}`)).body;
    expect([satoFull.externalId, satoFull.notes]).toEqual(['M-100', '紹介で来店']);
    expect((await api<Customer>('GET', `/api/customers/${seed.hanako.id}`)).body.notes).toBe('次回はカラー希望');
    expect((await api<CustomerList>('GET', '/api/customers?phone=07033334444')).body.items).toEqual([]);

    // The export: fetched with the session's token, saved under the server's file name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByTestId('export-button').click();
        await page.getByTestId('export-shift_jis').click();
      })(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{8}\.csv$/);
    const exported = iconv.decode(await readFile(await download.path()), 'cp932');
    expect(exported).toContain('"佐藤 一郎","サトウ イチロウ","080-1111-2222"');
    expect(exported).toContain('"M-100"');
    expect(exported).toContain('"次回はカラー希望"');

    // The customer's page shows the 会員番号.
    await page.goto(`${web.url}/customers/${satoFull.id}`);
    expect(await page.getByTestId('customer-external-id').textContent()).toBe('M-100');
    await screenshot(page, 'import-customer-external-id');
  });

  it('staff: no import or export button, and the page says it is for admins', async () => {
    await signInWithToken(page, web.url, staffToken);
    await page.goto(`${web.url}/customers`);
    await waitForText(page.getByRole('heading', { level: 1 }), '顧客');
    await page.getByTestId('duplicates-link').waitFor();
    expect(await page.getByTestId('import-link').count()).toBe(0);
    expect(await page.getByTestId('export-button').count()).toBe(0);
    await page.goto(`${web.url}/customers/import`);
    await page.getByText('この画面は管理者のみ使えます').waitFor();
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    await screenshot(page, 'import-staff-forbidden');
  });
});
