import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calls, customers } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildUser } from '../support/factories';
import { FakeDialpad } from '../support/fake-dialpad';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Blocking a nuisance caller, as an admin: from an unknown caller's card (the stand-in for Dialpad
 * receives the block), listed on the Dialpad page, its next call (state `blocked`) pops no card but
 * shows as ブロック済み in the call log, then unblocked. Staff see no block button.
 */
describe('blocking a nuisance caller (browser)', { timeout: 240_000 }, () => {
  let fake: FakeDialpad;
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;

  const STORE_NUMBER = '+815017481234';
  const NUISANCE = '+819088887777';
  const OTHER = '+819011112222';

  beforeAll(async () => {
    fake = await FakeDialpad.start();
    web = await startWebApp({ DIALPAD_API_KEY: fake.apiKey, DIALPAD_API_BASE: fake.url });
    seed = await seedChain(web.api.db);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-blocking-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
    for (const other of context.pages()) if (other !== page) await other.close();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await fake?.close();
  });

  const hangUp = (call: Record<string, unknown>) =>
    deliverJwt(web.api.url, { ...call, state: 'hangup', date_ended: Date.now(), event_timestamp: (call.event_timestamp as number) + 1000 });

  it('blocks an unknown caller from the card, lists it, pops nothing for its blocked call, and unblocks it', async () => {
    await signInWithToken(page, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));

    const first = dialpadCall({ external_number: NUISANCE, internal_number: STORE_NUMBER });
    await deliverJwt(web.api.url, first);
    const firstCard = card(page, String(first.call_id));
    await firstCard.getByTestId('unknown-caller').waitFor();
    await firstCard.getByRole('button', { name: '090-8888-7777 をブロック' }).click();
    const confirm = page.getByTestId('block-confirm');
    await waitForText(confirm, 'どの店舗でも鳴らなくなり');
    await confirm.getByLabel('理由').fill('無言電話が続くため');
    await screenshot(page, 'blocking-confirm');
    await confirm.getByTestId('block-confirm-button').click();
    await firstCard.getByTestId('blocked-number').waitFor();
    await waitForText(firstCard.getByTestId('blocked-number'), 'ブロック中');
    await screenshot(page, 'blocking-card-blocked');

    const added = fake.requests.filter((r) => r.path === '/api/v2/blockednumbers/add');
    expect(added.map((r) => r.body)).toEqual([{ numbers: [NUISANCE] }]);
    expect(fake.blockedNumbers.has(NUISANCE)).toBe(true);
    await hangUp(first);

    await page.goto(`${web.url}/dialpad`);
    const list = page.getByTestId('blocked-numbers-card');
    await waitForText(list, '090-8888-7777');
    await waitForText(list, '無言電話が続くため');
    await waitForText(list, '管理者 花田');
    await screenshot(page, 'blocking-list');

    // Dialpad turns the next call away (state blocked); a normal call after it pops, so by then the blocked one would have.
    const blocked = dialpadCall({ state: 'blocked', external_number: NUISANCE, internal_number: STORE_NUMBER });
    expect((await deliverJwt(web.api.url, blocked)).status).toBe(200);
    const normal = dialpadCall({ external_number: OTHER, internal_number: STORE_NUMBER });
    await deliverJwt(web.api.url, normal);
    await card(page, String(normal.call_id)).waitFor();
    expect(await card(page, String(blocked.call_id)).count()).toBe(0);
    await screenshot(page, 'blocking-no-card');
    await hangUp(normal);
    const [row] = await web.api.db.select({ state: calls.state }).from(calls).where(eq(calls.id, String(blocked.call_id)));
    expect(row?.state).toBe('blocked');

    await page.goto(`${web.url}/calls`);
    const table = page.getByTestId('call-table');
    const blockedRow = table.locator('tr').filter({ has: page.getByTestId('call-state').filter({ hasText: 'ブロック済み' }) });
    await waitForText(blockedRow, '090-8888-7777');
    await screenshot(page, 'blocking-call-log');

    await page.goto(`${web.url}/dialpad`);
    await list.getByRole('button', { name: '090-8888-7777 のブロックを解除' }).click();
    await waitForText(list, 'ブロック中の番号はありません');
    expect(fake.requests.filter((r) => r.path === '/api/v2/blockednumbers/remove').map((r) => r.body)).toEqual([{ numbers: [NUISANCE] }]);
    expect(fake.blockedNumbers.has(NUISANCE)).toBe(false);
    await screenshot(page, 'blocking-unblocked');
  });

  it("offers the block on a 要注意 customer's page", async () => {
    await web.api.db.update(customers).set({ caution: true, cautionReason: '長電話' }).where(eq(customers.id, seed.hanako.id));
    await signInWithToken(page, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));
    await page.goto(`${web.url}/customers/${seed.hanako.id}`);
    const section = page.getByTestId('customer-blocking');
    await waitForText(section, '090-1234-5678');
    await section.getByRole('button', { name: '090-1234-5678 をブロック' }).waitFor();
    await screenshot(page, 'blocking-customer');
  });

  it('shows staff no block button on an unknown caller', async () => {
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '佐藤 花子' });
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));
    const call = dialpadCall({ external_number: '+819033334444', internal_number: STORE_NUMBER });
    await deliverJwt(web.api.url, call);
    const staffCard = card(page, String(call.call_id));
    // The panel is drawn with the control beside it: once the register form shows, a button would have too.
    await staffCard.getByTestId('unknown-caller').waitFor();
    expect(await staffCard.getByTestId('block-button').count()).toBe(0);
    await screenshot(page, 'blocking-staff-card');
    await hangUp(call);
  });
});
