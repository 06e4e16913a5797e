import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../../server/users/repository';
import { buildUser, type UserFixture } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { signIn, signInWithToken, waitConnected } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Accounts in Chromium: a staff member changes their own password on アカウント and signs in with it; an
 * admin sees store names in the users table, changes a staff member's store and role, resets their password
 * (the staff member signs in with the one shown once), disables them (sign-in refused, in Japanese) and
 * re-enables them; the last active admin cannot demote themselves, and the screen says why.
 */
const DESKTOP = { width: 1280, height: 800 };
const OWN_PASSWORD = 'sakura no hana 2026';

describe('accounts (browser)', { timeout: 300_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let adminContext: BrowserContext;
  let staffContext: BrowserContext;
  let admin: Page;
  let staff: Page;
  let clerk: UserFixture;
  let helper: UserFixture;
  let clerkPassword: string;

  beforeAll(async () => {
    web = await startWebApp();
    const seed = await seedChain(web.api.db);
    clerk = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船橋 花子', email: 'hanako@example.jp' });
    helper = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船橋 次郎', email: 'jiro@example.jp' });
    clerkPassword = clerk.password;
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
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await screenshot(admin, `failed-accounts-admin-${task.name.replace(/\W+/g, '-').slice(0, 40)}`);
    await screenshot(staff, `failed-accounts-staff-${task.name.replace(/\W+/g, '-').slice(0, 40)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const row = (email: string): Locator => admin.getByTestId('user-table').locator('tbody tr', { hasText: email });
  const dialog = (page: Page): Locator => page.getByRole('dialog');

  async function pick(email: string, item: string): Promise<void> {
    await row(email).getByTestId('user-row-menu').click();
    await admin.getByRole('menuitem', { name: item }).click();
  }

  /** The login page's own form, for the sign-ins that are meant to fail. */
  async function tryToSignIn(page: Page, email: string, password: string): Promise<Locator> {
    await page.goto(web.url);
    await page.getByLabel('メールアドレス').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    return page.getByTestId('login-error');
  }

  it('staff change their own password on アカウント, stay signed in, and sign in with the new one', async () => {
    await signIn(staff, web.url, clerk.email, clerkPassword);
    await staff.getByTestId('user-menu').click();
    await staff.getByTestId('account-link').click();
    await staff.getByRole('heading', { name: 'アカウント', level: 1 }).waitFor();
    await staff.getByTestId('account-profile').filter({ hasText: '西船橋店' }).waitFor();

    const form = staff.getByTestId('change-password-form');
    await form.locator('input[name="current-password"]').fill('not-my-password');
    await form.locator('input[name="new-password"]').fill('short');
    await form.getByTestId('password-check').filter({ hasText: 'パスワードは12文字以上にしてください' }).waitFor();
    await form.locator('input[name="new-password"]').fill(OWN_PASSWORD);
    await form.getByTestId('password-check').filter({ hasText: 'このパスワードは使えます' }).waitFor();
    await form.locator('input[name="confirm-password"]').fill(OWN_PASSWORD);
    await form.getByRole('button', { name: 'パスワードを変更' }).click();
    await form.getByText('現在のパスワードが違います').waitFor();
    await screenshot(staff, 'accounts-staff-wrong-current');

    await form.locator('input[name="current-password"]').fill(clerkPassword);
    await form.getByRole('button', { name: 'パスワードを変更' }).click();
    await staff.getByTestId('password-changed').filter({ hasText: 'パスワードを変更しました' }).waitFor();
    await screenshot(staff, 'accounts-staff-password-changed');
    // The tab carries on with the fresh token: a reload is still signed in, its socket connected.
    await staff.reload();
    await waitConnected(staff);
    expect(new URL(staff.url()).pathname).toBe('/account');

    await staff.getByTestId('logout').click();
    await staff.getByRole('button', { name: 'サインイン' }).waitFor();
    const refused = await tryToSignIn(staff, clerk.email, clerkPassword);
    await refused.filter({ hasText: 'メールアドレスまたはパスワードが違います' }).waitFor();
    await signIn(staff, web.url, clerk.email, OWN_PASSWORD);
    clerkPassword = OWN_PASSWORD;
    expect(await staff.getByTestId('signed-in-user').textContent()).toBe('西船橋 花子');
  });

  it('admins see store names and roles in Japanese, and the last admin is told why they cannot step down', async () => {
    await admin.goto(`${web.url}/users`);
    await row(clerk.email).filter({ hasText: '西船橋店' }).filter({ hasText: 'スタッフ' }).filter({ hasText: '有効' }).waitFor();
    expect(await admin.getByTestId('user-table').textContent()).not.toContain('nishifuna');
    await screenshot(admin, 'accounts-admin-users-table');

    await pick('admin@example.jp', '編集');
    await dialog(admin).locator('label', { hasText: 'スタッフ' }).click();
    await dialog(admin).getByRole('button', { name: '保存' }).click();
    await dialog(admin).getByText('スタッフには店舗が必要です').waitFor();
    await dialog(admin).getByTestId('edit-user-store').click();
    await admin.getByRole('option', { name: '西船橋店' }).click();
    await dialog(admin).getByRole('button', { name: '保存' }).click();
    await dialog(admin).getByTestId('user-rule-error').filter({ hasText: '管理者 花田 は最後の有効な管理者です' }).waitFor();
    await screenshot(admin, 'accounts-admin-last-admin');
    await dialog(admin).getByRole('button', { name: 'キャンセル' }).click();
    expect((await usersRepository.findByEmail(web.api.db, 'admin@example.jp'))?.role).toBe('admin');
  });

  it("an admin changes a staff member's store, which signs them out, and another's role", async () => {
    await pick(clerk.email, '編集');
    await dialog(admin).getByTestId('edit-user-store').click();
    await admin.getByRole('option', { name: '錦糸町店' }).click();
    await dialog(admin).getByText('権限か店舗を変えると、このユーザーはすぐにサインアウトされます').waitFor();
    await screenshot(admin, 'accounts-admin-edit');
    await dialog(admin).getByRole('button', { name: '保存' }).click();
    await admin.getByTestId('users-notice').filter({ hasText: '西船橋 花子 を保存しました' }).waitFor();
    await row(clerk.email).filter({ hasText: '錦糸町店' }).waitFor();
    expect((await usersRepository.findByEmail(web.api.db, clerk.email))?.storeCode).toBe('kinshicho');
    // The staff screen, joined to the old store's room, is signed out at once.
    await staff.getByRole('button', { name: 'サインイン' }).waitFor();

    await pick(helper.email, '編集');
    await dialog(admin).locator('label', { hasText: '管理者' }).click();
    await dialog(admin).getByRole('button', { name: '保存' }).click();
    await row(helper.email).filter({ hasText: '管理者' }).waitFor();
    expect((await usersRepository.findByEmail(web.api.db, helper.email))?.role).toBe('admin');
  });

  it('an admin resets a staff password (shown once); the staff member signs in with it', async () => {
    await pick(clerk.email, 'パスワードを再設定');
    await dialog(admin).getByText('西船橋 花子 のすべてのサインインが終了し').waitFor();
    await dialog(admin).getByRole('button', { name: '再設定する' }).click();
    const shown = dialog(admin).getByTestId('generated-password');
    await shown.waitFor();
    const temporary = (await shown.textContent()) ?? '';
    expect(temporary).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await screenshot(admin, 'accounts-admin-reset-shown');
    await dialog(admin).getByRole('button', { name: '閉じる' }).click();

    const refused = await tryToSignIn(staff, clerk.email, clerkPassword);
    await refused.filter({ hasText: 'メールアドレスまたはパスワードが違います' }).waitFor();
    await signIn(staff, web.url, clerk.email, temporary);
    clerkPassword = temporary;
    await staff.goto(`${web.url}/account`);
    await staff.getByTestId('account-profile').filter({ hasText: '錦糸町店' }).waitFor();
  });

  it('an admin disables a staff member (signed out, sign-in refused in Japanese) and re-enables them', async () => {
    await pick(clerk.email, '無効にする');
    await dialog(admin).getByText('西船橋 花子 を無効にします').waitFor();
    await dialog(admin).getByTestId('confirm-toggle').click();
    await row(clerk.email).filter({ hasText: '無効' }).waitFor();
    expect((await usersRepository.findByEmail(web.api.db, clerk.email))?.disabledAt).toBeInstanceOf(Date);
    // The open staff screen ends with the reason.
    await staff.getByText('このアカウントは無効です。管理者に連絡してください').waitFor();
    const refused = await tryToSignIn(staff, clerk.email, clerkPassword);
    await refused.filter({ hasText: 'このアカウントは無効です。管理者に連絡してください' }).waitFor();
    await screenshot(staff, 'accounts-staff-disabled');

    await pick(clerk.email, '有効にする');
    await dialog(admin).getByTestId('confirm-toggle').click();
    await row(clerk.email).filter({ hasText: '有効' }).waitFor();
    await admin.getByTestId('users-notice').filter({ hasText: '西船橋 花子 を有効にしました' }).waitFor();
    await screenshot(admin, 'accounts-admin-reenabled');
    await signIn(staff, web.url, clerk.email, clerkPassword);
    expect(await staff.getByTestId('signed-in-user').textContent()).toBe('西船橋 花子');

    // On a phone the header keeps the user menu, so アカウント stays one tap away.
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.getByTestId('user-menu').click();
    await staff.getByTestId('account-link').click();
    await staff.getByRole('heading', { name: 'パスワードの変更' }).waitFor();
    await screenshot(staff, 'accounts-staff-mobile');
    await staff.getByTestId('user-menu').click();
    await staff.getByTestId('menu-logout').click();
    await staff.getByRole('button', { name: 'サインイン' }).waitFor();
  });
});
