import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calls, customers, memos } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildCustomer, buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Issue 13 items 2 and 3, as staff of one store (西船橋店) in Chromium: three calls ringing at once
 * never cover the page's own buttons (1280×800 side panel, 1024×768 bar of pills), and the card
 * shows tags, 備考 and the caution reason, titles a shared number by its holders, keeps a memo on
 * an unknown caller until they are registered, and the call log names the customer.
 */
describe('the call dock and what the card shows (browser, staff)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  let staffToken: string;
  let phone = 0;
  /** A number nobody else in this file calls from. */
  const freshNumber = () => `+8190555${String(1000 + ++phone).padStart(5, '0')}`;

  const ring = async (from: string): Promise<string> => {
    const call = dialpadCall({ external_number: from, contact: { id: `c-${from}`, type: 'local', name: '', phone: from } });
    expect((await deliverJwt(web.api.url, call)).status).toBe(200);
    return String(call.call_id);
  };
  const hangUp = async (callId: string): Promise<void> => {
    await deliverJwt(web.api.url, dialpadCall({ call_id: Number(callId), state: 'missed', event_timestamp: Date.now() + 5 }));
  };

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船 スタッフ' });
    staffToken = await web.api.tokenFor(staff.id, 'staff');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption (CI runs every test file at once on two cores).
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-dock-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  for (const size of [
    { name: 'desktop', width: 1280, height: 800, dock: 'side' },
    { name: 'tablet', width: 1024, height: 768, dock: 'bar' },
  ] as const) {
    it(`keeps 新規顧客 visible and clickable with three calls ringing at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await signInWithToken(page, web.url, staffToken);
      await page.goto(`${web.url}/customers`);
      await waitForText(page.getByRole('heading', { level: 1 }), '顧客');
      const ids = [await ring(freshNumber()), await ring(freshNumber()), await ring(freshNumber())];
      const dock = page.getByTestId('call-stack');
      await page.locator(`[data-testid="call-stack"][data-dock="${size.dock}"]`).waitFor();
      const shown = size.dock === 'side' ? dock.getByTestId('call-card') : dock.getByTestId('call-pill');
      await shown.nth(2).waitFor();
      expect(await shown.count()).toBe(3);
      await screenshot(page, `dock-three-calls-${size.name}`);

      const button = page.getByRole('button', { name: '新規顧客' });
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
      // What is drawn at the button's centre is the button itself, not a card over it.
      const hit = await page.evaluate(`document.elementFromPoint(${box!.x + box!.width / 2}, ${box!.y + box!.height / 2})?.closest('button')?.textContent ?? null`);
      expect(hit).toBe('新規顧客');
      // Nor does the dock overlap it, nor does the page scroll sideways.
      const dockBox = (await dock.boundingBox())!;
      const overlaps = box!.x < dockBox.x + dockBox.width && dockBox.x < box!.x + box!.width && box!.y < dockBox.y + dockBox.height && dockBox.y < box!.y + box!.height;
      expect(overlaps).toBe(false);
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      await button.click();
      await page.getByRole('dialog', { name: '新規顧客' }).waitFor();
      await page.keyboard.press('Escape');

      if (size.dock === 'bar') {
        // A pill opens its card above the bar, and folds back to a pill.
        await dock.getByTestId('call-pill').first().click();
        const opened = page.getByTestId('call-dock-open').getByTestId('call-card');
        await opened.waitFor();
        await screenshot(page, 'dock-tablet-card-open');
        await opened.getByTestId('minimize-card').click();
        await opened.waitFor({ state: 'detached' });
      } else {
        // Fold the newest to a pill, bring it back, and close a ringing card.
        const newest = card(page, ids[2]!);
        await newest.getByTestId('minimize-card').click();
        await newest.waitFor({ state: 'detached' });
        await dock.getByTestId('call-pill').first().click();
        await newest.waitFor();
        await card(page, ids[0]!).getByTestId('close-card').click();
        await card(page, ids[0]!).waitFor({ state: 'detached' });
      }
      for (const id of ids) await hangUp(id);
    });
  }

  it("shows tags, 備考 and the caution reason, and names a shared number's holders", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInWithToken(page, web.url, staffToken);
    const vipPhone = freshNumber();
    const vip = await buildCustomer(web.api.db, { name: '佐藤 恵', nameKana: 'サトウ メグミ', phones: [vipPhone] });
    await web.api.db.update(customers).set({ tags: ['VIP', '常連'], notes: '香料が苦手。窓側の席を希望', caution: true, cautionReason: '前回キャンセル料未払い' }).where(eq(customers.id, vip.id));
    const vipCall = await ring(vipPhone);
    const popped = card(page, vipCall);
    await waitForText(popped.getByTestId('caller-tags'), 'VIP');
    await waitForText(popped.getByTestId('caution-reason'), '前回キャンセル料未払い');
    await waitForText(popped.getByTestId('caller-notes'), '香料が苦手');
    await screenshot(page, 'card-details');

    const shared = freshNumber();
    await buildCustomer(web.api.db, { name: '伊藤 花', phones: [shared] });
    await buildCustomer(web.api.db, { name: '伊藤 大', phones: [shared] });
    const sharedCall = await ring(shared);
    await waitForText(card(page, sharedCall).getByTestId('caller-name'), 'のどちらか');
    const title = await card(page, sharedCall).getByTestId('caller-name').textContent();
    expect(title).toMatch(/^伊藤 (花|大) \/ 伊藤 (花|大) のどちらか$/);
    await hangUp(vipCall);
    await hangUp(sharedCall);
  });

  it('keeps a memo on an unknown caller, moves it to them on registering, with the store as 担当店舗, and logs their name', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInWithToken(page, web.url, staffToken);
    const unknownCall = await ring(freshNumber());
    const popped = card(page, unknownCall);
    await waitForText(popped.getByTestId('caller-name'), '未登録の番号');
    await popped.getByTestId('call-memo-input').fill('初めての方。カットの予約希望');
    await popped.getByTestId('call-memo-save').click();
    await waitForText(popped.getByTestId('memo-status'), 'メモを保存しました');
    expect(await web.api.db.select({ customerId: memos.customerId }).from(memos).where(eq(memos.callId, unknownCall))).toEqual([{ customerId: null }]);

    const form = popped.getByTestId('register-form');
    await waitForText(form.getByTestId('register-home-store'), '西船橋店');
    await form.getByLabel('氏名').fill('木村 新');
    await form.getByRole('button', { name: '新規登録' }).click();
    await waitForText(popped.getByTestId('caller-name'), '木村 新');
    const [created] = await web.api.db.select().from(customers).where(eq(customers.name, '木村 新'));
    expect(created?.homeStoreId).toBe(seed.nishifuna.id);
    expect(await web.api.db.select({ customerId: memos.customerId }).from(memos).where(eq(memos.callId, unknownCall))).toEqual([{ customerId: created!.id }]);
    await waitForText(popped.getByTestId('latest-memos'), '初めての方。カットの予約希望');
    expect((await web.api.db.select({ customerId: calls.customerId }).from(calls).where(eq(calls.id, unknownCall)))[0]?.customerId).toBe(created!.id);
    await hangUp(unknownCall);

    await page.goto(`${web.url}/calls`);
    const row = page.getByTestId('call-table').locator('tbody tr').filter({ hasText: '木村 新' });
    await waitForText(row.getByTestId('call-customer-name'), '木村 新');
    await screenshot(page, 'call-log-names');
  });
});
