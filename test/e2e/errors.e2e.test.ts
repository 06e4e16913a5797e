import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memos, stores } from '../../server/db/schema';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { signInWithToken } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Issue 13 item 8 in Chromium: an error the server refuses with is shown in the person's language,
 * worded from its code and field (web/src/lib/i18n/errors.ts), never the server's English message.
 */
describe('errors in the person’s language (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  let staffToken: string;
  let adminToken: string;

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船 スタッフ' });
    staffToken = await web.api.tokenFor(staff.id, 'staff');
    adminToken = await web.api.tokenFor(seed.admin.id, 'admin');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption (CI runs every test file at once on two cores).
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-errors-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const storeRows = (code: string) => web.api.db.select({ id: stores.id }).from(stores).where(eq(stores.code, code));

  /** Opens the new-store form, types a code with a capital and a space, and saves. */
  async function submitBadStore(newLabel: string, codeLabel: string, nameLabel: string, saveLabel: string) {
    await page.getByRole('button', { name: newLabel, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: newLabel });
    await dialog.getByRole('textbox', { name: new RegExp(`^${codeLabel}`) }).fill('Nishi Funa');
    await dialog.getByRole('textbox', { name: new RegExp(`^${nameLabel}`) }).fill('西船橋 二号店');
    await dialog.getByRole('button', { name: saveLabel, exact: true }).click();
    return dialog;
  }

  it('shows an admin the store code problem under the field in Japanese, and in English after switching', async () => {
    await signInWithToken(page, web.url, adminToken);
    await page.goto(`${web.url}/stores`);

    const dialog = await submitBadStore('店舗を追加', 'コード', '店舗名', '保存');
    const problem = dialog.getByText('半角の小文字英字・数字・ハイフンで入力してください', { exact: true });
    await problem.waitFor();
    // Mantine ties the error to its input: the code field is the one marked invalid.
    expect(await dialog.getByRole('textbox', { name: /^コード/ }).getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('textbox', { name: /^店舗名/ }).getAttribute('aria-invalid')).not.toBe('true');
    expect(await dialog.textContent()).not.toContain('must be');
    await screenshot(page, 'errors-store-code-ja');
    expect(await storeRows('Nishi Funa')).toEqual([]);

    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'English', exact: true }).click();
    const english = await submitBadStore('Add store', 'Code', 'Name', 'Save');
    await english.getByText('Use lowercase letters, digits and hyphens only', { exact: true }).waitFor();
    expect(await english.textContent()).not.toContain('半角');
    await screenshot(page, 'errors-store-code-en');
    expect(await storeRows('Nishi Funa')).toEqual([]);

    // Back to Japanese for whoever uses this browser next.
    await english.getByRole('button', { name: 'Cancel' }).click();
    await english.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '日本語', exact: true }).click();
  });

  it('shows staff a memo that is too long in Japanese, with the bound, and saves nothing', async () => {
    await signInWithToken(page, web.url, staffToken);
    await page.goto(`${web.url}/customers/${seed.hanako.id}`);
    const before = await web.api.db.select({ id: memos.id }).from(memos).where(eq(memos.customerId, seed.hanako.id));
    await page.getByTestId('customer-memo-input').fill('あ'.repeat(4001));
    await page.getByTestId('customer-memo-input').locator('xpath=ancestor::form').getByRole('button', { name: '保存', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: '入力が長すぎます' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe('本文: 入力が長すぎます（最大 4,000 文字）');
    await screenshot(page, 'errors-memo-too-long-ja');
    const after = await web.api.db.select({ id: memos.id }).from(memos).where(eq(memos.customerId, seed.hanako.id));
    expect(after).toHaveLength(before.length);
  });
});
