import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calls, customers, memos, stores, visits } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildCustomer, buildStore, buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

const yen = (n: number): string => new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(n);

/** "2026-11-24T14:05" read as Japan time. */
const japanInstant = (local: string): number => Date.parse(`${local}:00+09:00`);

/**
 * Issue 13 items 4 and 5 in Chromium: staff of 西船橋店 edit and delete their own memo (not an
 * admin's) and their store's visits (not another store's), record a visit typed ５，５００ that shows
 * as ¥5,500, with the date at now and the store at the customer's 担当店舗 (the call's store from a
 * card); an admin deletes a customer and a store through a confirmation that says what happens to
 * their history, the store's refused (409) while a user belongs to it, naming them.
 */
describe('editing what was written, the visit form, deleting records (browser)', { timeout: 240_000 }, () => {
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
    if (task.result?.state === 'fail') await screenshot(page, `failed-records-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const memoRows = async (customerId: string) => web.api.db.select({ id: memos.id, body: memos.body }).from(memos).where(eq(memos.customerId, customerId));

  it('lets staff edit and delete their own memo, and not an admin’s', async () => {
    const mine = await web.api.request<{ id: string }>('POST', `/api/customers/${seed.hanako.id}/memos`, staffToken, { body: '次回はパーマの相談' });
    expect(mine.status).toBe(201);
    await signInWithToken(page, web.url, staffToken);
    await page.goto(`${web.url}/customers/${seed.hanako.id}`);
    const own = page.getByTestId('customer-memo').filter({ hasText: '次回はパーマの相談' });
    await own.waitFor();
    // The admin's memos can be pinned by anyone, but their words are the admin's.
    const admins = page.getByTestId('customer-memo').filter({ hasText: '来週の予約を変更したい' });
    await admins.waitFor();
    expect(await admins.getByTestId('memo-edit').count()).toBe(0);
    expect(await admins.getByTestId('memo-delete').count()).toBe(0);

    await own.getByTestId('memo-edit').click();
    const input = own.getByTestId('memo-edit-input');
    await input.fill('次回はパーマの相談（11月中）');
    await screenshot(page, 'records-memo-editing');
    await own.getByTestId('memo-edit-save').click();
    const edited = page.getByTestId('customer-memo').filter({ hasText: '次回はパーマの相談（11月中）' });
    await edited.getByTestId('memo-edit').waitFor();
    expect((await memoRows(seed.hanako.id)).find((m) => m.id === mine.body.id)?.body).toBe('次回はパーマの相談（11月中）');

    await edited.getByTestId('memo-delete').click();
    const dialog = page.getByRole('dialog', { name: 'メモを削除' });
    await waitForText(dialog, '元に戻せません');
    await screenshot(page, 'records-memo-delete-confirm');
    await dialog.getByTestId('confirm-delete-button').click();
    await edited.waitFor({ state: 'detached' });
    expect((await memoRows(seed.hanako.id)).map((m) => m.id)).not.toContain(mine.body.id);
    expect(await page.getByTestId('customer-memo').count()).toBe(2);
  });

  it('records a visit typed ５，５００ as ¥5,500, at now and the 担当店舗 by default; edits and deletes its store’s visits only', async () => {
    await signInWithToken(page, web.url, staffToken);
    await page.goto(`${web.url}/customers/${seed.hanako.id}`);
    await page.getByRole('tab', { name: '来店履歴' }).click();
    const table = page.getByTestId('visit-table');
    await table.waitFor();

    // The defaults: now (Japan time) and 山田 花子's 担当店舗.
    const before = Date.now();
    const date = await page.getByTestId('visit-date').inputValue();
    expect(Math.abs(japanInstant(date) - before)).toBeLessThan(2 * 60_000);
    // The store's name shows once the list of stores has loaded.
    await expect.poll(() => page.getByTestId('visit-store').inputValue(), { timeout: 30_000 }).toBe('西船橋店');

    // What cannot be read is said, and nothing is saved as ¥0.
    await page.getByRole('textbox', { name: 'メニュー' }).fill('カット（試し）');
    await page.getByTestId('visit-amount').fill('ごせんえん');
    await page.getByTestId('visit-save').click();
    await waitForText(page.locator('form'), '金額を読み取れません');
    await screenshot(page, 'records-visit-amount-error');
    expect(await web.api.db.select().from(visits).where(and(eq(visits.customerId, seed.hanako.id), eq(visits.menu, 'カット（試し）')))).toEqual([]);

    await page.getByTestId('visit-amount').fill('５，５００');
    await page.getByTestId('visit-save').click();
    const added = table.locator('tr').filter({ hasText: 'カット（試し）' });
    await waitForText(added, yen(5500));
    await waitForText(added, '西船橋店');
    await screenshot(page, 'records-visit-added');
    const [row] = await web.api.db.select().from(visits).where(and(eq(visits.customerId, seed.hanako.id), eq(visits.menu, 'カット（試し）')));
    expect(row).toMatchObject({ amountYen: 5500, storeId: seed.nishifuna.id });
    expect(Math.abs(row!.visitedAt.getTime() - before)).toBeLessThan(2 * 60_000);
    // The form starts again, empty, at now.
    expect(await page.getByTestId('visit-amount').inputValue()).toBe('');

    // 錦糸町店's visit is that store's record: no buttons for 西船橋店's staff.
    const other = table.locator('tr').filter({ hasText: '錦糸町店' });
    expect(await other.getByTestId('visit-edit').count()).toBe(0);

    // Change their own store's visit: ¥13,200 typed with the yen sign.
    const own = table.locator('tr').filter({ hasText: 'カット＋カラー' });
    await own.getByTestId('visit-edit').click();
    const dialog = page.getByRole('dialog', { name: '来店記録を編集' });
    const amount = dialog.getByTestId('visit-amount');
    expect(await amount.inputValue()).toBe('12,000');
    await amount.fill('¥13,200');
    await screenshot(page, 'records-visit-edit');
    await dialog.getByTestId('visit-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(own, yen(13200));
    const [changed] = await web.api.db.select().from(visits).where(and(eq(visits.customerId, seed.hanako.id), eq(visits.menu, 'カット＋カラー')));
    expect(changed).toMatchObject({ amountYen: 13200, storeId: seed.nishifuna.id });

    // And delete the one just recorded.
    await added.getByTestId('visit-delete').click();
    const confirm = page.getByRole('dialog', { name: '来店記録を削除' });
    await waitForText(confirm, yen(5500));
    await confirm.getByTestId('confirm-delete-button').click();
    await added.waitFor({ state: 'detached' });
    expect(await web.api.db.select().from(visits).where(eq(visits.id, row!.id))).toEqual([]);
  });

  it('records a visit from a call card at the call’s store, not the 担当店舗', async () => {
    const phone = '+819022223333';
    const taro = await buildCustomer(web.api.db, { name: '鈴木 太郎', nameKana: 'スズキ タロウ', phones: [phone], homeStore: seed.kinshicho });
    await signInWithToken(page, web.url, staffToken);
    await page.goto(`${web.url}/customers`);
    // Dialled 西船橋店's number (the fixture's internal number): the call is that store's.
    const call = dialpadCall({ external_number: phone, contact: { id: 'c-taro', type: 'local', name: '', phone } });
    expect((await deliverJwt(web.api.url, call)).status).toBe(200);
    const popped = card(page, String(call.call_id));
    await popped.getByTestId('card-add-visit').click();
    const dialog = page.getByRole('dialog', { name: '来店を記録' });
    await expect.poll(() => dialog.getByTestId('visit-store').inputValue(), { timeout: 30_000 }).toBe('西船橋店');
    await dialog.getByTestId('visit-amount').fill('５５００円');
    await screenshot(page, 'records-card-visit');
    await dialog.getByTestId('visit-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(popped.getByTestId('visits'), yen(5500));
    expect(await web.api.db.select({ amountYen: visits.amountYen, storeId: visits.storeId }).from(visits).where(eq(visits.customerId, taro.id))).toEqual([
      { amountYen: 5500, storeId: seed.nishifuna.id },
    ]);
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'hangup', event_timestamp: Date.now() + 5 }));
  });

  it('lets an admin delete a customer, saying what goes and what stays', async () => {
    const gone = await buildCustomer(web.api.db, { name: '削除 予定', nameKana: 'サクジョ ヨテイ', phones: ['090-4444-5555'] });
    await web.api.db.insert(memos).values({ customerId: gone.id, body: '消えるメモ', authorId: seed.admin.id });
    await web.api.db.insert(visits).values([
      { customerId: gone.id, storeId: seed.nishifuna.id, visitedAt: new Date('2026-10-01T01:00:00Z'), amountYen: 3300 },
      { customerId: gone.id, storeId: seed.nishifuna.id, visitedAt: new Date('2026-10-08T01:00:00Z'), amountYen: 3300 },
    ]);
    await web.api.db.insert(calls).values({ id: 'rec-call-1', provider: 'dialpad', direction: 'inbound', state: 'ended', storeId: seed.nishifuna.id, customerId: gone.id, externalNumber: '09044445555', startedAt: new Date('2026-10-01T00:00:00Z') });

    await signInWithToken(page, web.url, adminToken);
    await page.goto(`${web.url}/customers/${gone.id}`);
    await page.getByTestId('customer-delete').click();
    const dialog = page.getByRole('dialog', { name: '顧客「削除 予定」を削除' });
    const summary = dialog.getByTestId('customer-delete-summary');
    await waitForText(summary, 'この顧客のメモ 1 件と来店 2 件も削除されます。');
    await waitForText(summary, '通話履歴 1 件は残り、未登録の番号として表示されます。');
    await screenshot(page, 'records-customer-delete-confirm');
    await dialog.getByTestId('confirm-delete-button').click();
    await page.waitForURL(`${web.url}/customers`);
    await waitForText(page.getByRole('heading', { level: 1 }), '顧客');

    expect(await web.api.db.select().from(customers).where(eq(customers.id, gone.id))).toEqual([]);
    expect(await memoRows(gone.id)).toEqual([]);
    expect(await web.api.db.select().from(visits).where(eq(visits.customerId, gone.id))).toEqual([]);
    expect(await web.api.db.select({ customerId: calls.customerId }).from(calls).where(eq(calls.id, 'rec-call-1'))).toEqual([{ customerId: null }]);
  });

  it('lets an admin delete a store once nobody belongs to it, naming who must move first', async () => {
    const matsudo = await buildStore(web.api.db, { code: 'matsudo', name: '松戸店', prefixes: ['0501750'] });
    await web.api.db.insert(calls).values({ id: 'rec-call-2', provider: 'dialpad', direction: 'inbound', state: 'ended', storeId: matsudo.id, externalNumber: '09077778888', startedAt: new Date('2026-10-01T00:00:00Z') });
    await web.api.db.insert(visits).values({ customerId: seed.hanako.id, storeId: matsudo.id, visitedAt: new Date('2026-10-02T01:00:00Z'), amountYen: 4400 });

    await signInWithToken(page, web.url, adminToken);
    await page.goto(`${web.url}/stores`);
    const rowOf = page.getByTestId('store-table').locator('tr').filter({ hasText: '松戸店' });
    await rowOf.waitFor();
    await page.getByRole('button', { name: '削除: 松戸店' }).click();
    let dialog = page.getByRole('dialog', { name: '店舗「松戸店」を削除' });
    const summary = dialog.getByTestId('store-delete-summary');
    await waitForText(summary, '番号プレフィックス 1 件 (0501750) が削除され');
    await waitForText(summary, '通話 1 件・来店 1 件・折り返しタスク 0 件は残り、店舗なしとして表示されます。');

    // A user joins the store while the confirmation is open: the server refuses (409), and the screen says who.
    const member = await buildUser(web.api.db, { role: 'staff', store: matsudo, name: '松戸 スタッフ', email: 'matsudo@example.jp' });
    await dialog.getByTestId('confirm-delete-button').click();
    await waitForText(dialog, 'まだ所属するユーザーがいるため削除できませんでした');
    await waitForText(dialog.getByTestId('store-delete-users'), '松戸 スタッフ (matsudo@example.jp)');
    expect(await dialog.getByTestId('confirm-delete-button').isDisabled()).toBe(true);
    await screenshot(page, 'records-store-delete-refused');
    expect(await web.api.db.select({ id: stores.id }).from(stores).where(eq(stores.id, matsudo.id))).toHaveLength(1);

    // Moved to 西船橋店, the store can go.
    expect((await web.api.request('PATCH', `/api/users/${member.id}`, adminToken, { storeCode: 'nishifuna' })).status).toBe(200);
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '削除: 松戸店' }).click();
    dialog = page.getByRole('dialog', { name: '店舗「松戸店」を削除' });
    await waitForText(dialog.getByTestId('store-delete-summary'), '番号プレフィックス');
    expect(await dialog.getByTestId('store-delete-users').count()).toBe(0);
    await dialog.getByTestId('confirm-delete-button').click();
    await rowOf.waitFor({ state: 'detached' });

    expect(await web.api.db.select().from(stores).where(eq(stores.id, matsudo.id))).toEqual([]);
    expect(await web.api.db.select({ storeId: calls.storeId }).from(calls).where(eq(calls.id, 'rec-call-2'))).toEqual([{ storeId: null }]);
    expect(await web.api.db.select({ storeId: visits.storeId }).from(visits).where(and(eq(visits.customerId, seed.hanako.id), eq(visits.amountYen, 4400)))).toEqual([{ storeId: null }]);
  });
});
