import { and, eq, inArray } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, customerPhones, customers, memos } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { launchBrowser, screenshot } from './support/browser';
import { card, claimOutcome, signIn, signInWithToken, waitConnected, waitForState, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * The web app in Debian's Chromium against the real server: sign in, a Dialpad-signed webhook
 * pops the card, a memo is saved from it, an unknown caller is registered, the call's states
 * show, and a second tab does not ring or open a window a second time. Each case starts from the
 * same place (signed in on the dashboard, desktop size, no call open), so any one runs alone or in
 * any order.
 */
const DESKTOP = { width: 1280, height: 860 };

describe('CTI web app (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption: it normally takes well under a second, but CI runs
    // every test file at once on two cores.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 180_000);

  /** Hangs up every call still ringing or on the line, so no card is left over from another test. */
  async function endOpenCalls(): Promise<void> {
    const open = await web.api.db.select({ id: calls.id }).from(calls).where(inArray(calls.state, ['ringing', 'answered']));
    for (const { id } of open.filter((c) => /^\d+$/.test(c.id))) {
      await deliverJwt(web.api.url, dialpadCall({ call_id: Number(id), state: 'hangup', date_ended: Date.now(), event_timestamp: Date.now() + 10 }));
    }
    // Test calls (test-…) never came from Dialpad, so no webhook ends them: they are ended where they are kept.
    const tests = open.filter((c) => !/^\d+$/.test(c.id)).map((c) => c.id);
    if (tests.length > 0) await web.api.db.update(calls).set({ state: 'ended', endedAt: new Date() }).where(inArray(calls.id, tests));
  }

  beforeEach(async () => {
    // A failed case may leave its second tab or call window open; they share this tab's storage.
    for (const other of context.pages()) if (other !== page) await other.close();
    await endOpenCalls();
    await page.setViewportSize(DESKTOP);
    await signInWithToken(page, web.url, await web.api.tokenFor(seed.admin.id, 'admin'));
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('signs in', async () => {
    await page.evaluate(`localStorage.clear()`);
    await page.goto(web.url);
    await page.getByLabel('メールアドレス').waitFor();
    await screenshot(page, 'login');
    await signIn(page, web.url, seed.admin.email, seed.admin.password);
    await waitForText(page.getByTestId('signed-in-user'), '管理者 花田');
    await waitForText(page.getByTestId('connection'), '接続中');
    await screenshot(page, 'dashboard');
  });

  it('a Dialpad-signed webhook pops the card with name, store and latest memo', async () => {
    const call = dialpadCall();
    const callId = String(call.call_id);
    const response = await deliverJwt(web.api.url, call);
    expect(response.status).toBe(200);
    const popped = card(page, callId);
    await waitForText(popped.getByTestId('caller-name'), '山田 花子');
    await waitForText(popped.getByTestId('caller-kana'), 'ヤマダ ハナコ');
    await waitForText(popped.getByTestId('store-badge'), '西船橋店');
    await waitForText(popped.getByTestId('caller-phone'), '090-1234-5678');
    await waitForText(popped.getByTestId('latest-memos'), '来週の予約を変更したいとのこと。');
    await waitForText(popped.getByTestId('pinned-memos'), 'カラーは明るめが好み');
    await waitForText(popped.getByTestId('call-agent'), '山田 太郎');
    await waitForText(popped.getByTestId('visit-summary'), '来店 2 回');
    await waitForState(page, callId, 'ringing');
    await screenshot(page, 'card-ringing');

    // A memo written on the card is saved to the customer and the call.
    const body = '来週土曜 14 時に予約変更 (カットのみ)';
    await popped.getByTestId('call-memo-input').fill(body);
    await popped.getByTestId('call-memo-save').click();
    await waitForText(popped.getByTestId('memo-status'), 'メモを保存しました');
    const saved = await web.api.db.select().from(memos).where(and(eq(memos.customerId, seed.hanako.id), eq(memos.body, body)));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.callId).toBe(callId);
    await waitForText(popped.getByTestId('latest-memos'), body);

    // Answered, then ended: the card follows.
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() }));
    await waitForState(page, callId, 'answered');
    await waitForText(popped.getByTestId('call-state'), '通話中');
    await waitForText(popped.getByTestId('call-agent'), 'が応答');
    await screenshot(page, 'card-answered');
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'hangup', date_ended: Date.now(), duration: 65_000, event_timestamp: Date.now() + 1 }));
    await waitForState(page, callId, 'ended');
    await waitForText(popped.getByTestId('call-state'), '終了');
    await screenshot(page, 'card-ended');

    // A finished card closes with Esc.
    await page.keyboard.press('Escape');
    await popped.waitFor({ state: 'detached' });
  });

  it('registers an unknown caller from the card', async () => {
    const call = dialpadCall({ external_number: '+819099998888', contact: { id: 'c-2', type: 'local', name: '', phone: '+819099998888' } });
    const callId = String(call.call_id);
    await deliverJwt(web.api.url, call);
    const popped = card(page, callId);
    await waitForText(popped.getByTestId('caller-name'), '未登録の番号');
    await waitForText(popped.getByTestId('caller-phone'), '090-9999-8888');
    await popped.getByTestId('unknown-caller').waitFor();
    await screenshot(page, 'card-unknown');
    const form = popped.getByTestId('register-form');
    await form.getByLabel('氏名').fill('佐々木 一郎');
    await form.getByLabel('フリガナ').fill('ササキ イチロウ');
    await form.getByRole('button', { name: '新規登録' }).click();
    await waitForText(popped.getByTestId('caller-name'), '佐々木 一郎');

    const [created] = await web.api.db.select().from(customers).where(eq(customers.name, '佐々木 一郎'));
    expect(created).toBeDefined();
    const phones = await web.api.db.select().from(customerPhones).where(eq(customerPhones.customerId, created!.id));
    expect(phones.map((p) => p.e164)).toEqual(['+819099998888']);
    const [linked] = await web.api.db.select().from(calls).where(eq(calls.id, callId));
    expect(linked?.customerId).toBe(created!.id);

    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, external_number: '+819099998888', state: 'missed', event_timestamp: Date.now() + 2 }));
    await waitForState(page, callId, 'missed');
    await popped.getByTestId('close-card').click();
    await popped.waitFor({ state: 'detached' });
  });

  it('a second tab makes no second sound or window', async () => {
    await page.evaluate(`localStorage.setItem('cti.settings', '{"autoOpenWindow":true,"sound":true}')`);
    const second = await context.newPage();
    await second.goto(web.url);
    await waitConnected(second);
    await page.reload();
    await waitConnected(page);
    // Sound needs a gesture on the page first.
    await page.getByRole('heading', { level: 1 }).click();
    await second.getByRole('heading', { level: 1 }).click();

    const pagesBefore = context.pages().length;
    const popupOpened = context.waitForEvent('page');
    const call = dialpadCall();
    const callId = String(call.call_id);
    await deliverJwt(web.api.url, call);
    const first = await claimOutcome(page, callId);
    const other = await claimOutcome(second, callId);
    expect([first, other].sort()).toEqual(['lost', 'won']);
    const [winner, loser] = first === 'won' ? [page, second] : [second, page];
    const winnerAlerts = (await card(winner, callId).getAttribute('data-alerts'))?.split(',') ?? [];
    expect(winnerAlerts).toEqual(expect.arrayContaining(['sound', 'window']));
    expect(await card(loser, callId).getAttribute('data-alerts')).toBe('');
    const popup = await popupOpened;
    // Both tabs have decided, and a tab opens its window before it shows its outcome: exactly one more page.
    expect(context.pages().length).toBe(pagesBefore + 1);

    await waitForText(popup.getByTestId('caller-name'), '山田 花子');
    await popup.getByTestId('latest-memos').waitFor();
    await popup.bringToFront();
    await screenshot(popup, 'cti-window');
    await popup.close();
    await second.close();
    await page.bringToFront();
    await page.evaluate(`localStorage.removeItem('cti.settings')`);
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'missed', event_timestamp: Date.now() + 3 }));
    await waitForState(page, callId, 'missed');
    await card(page, callId).getByTestId('close-card').click();
  });

  it('shows every page (screenshots for the README and review)', async () => {
    const go = async (path: string, heading: string, name: string): Promise<void> => {
      await page.goto(`${web.url}${path}`);
      await waitForText(page.getByRole('heading', { level: 1 }), heading);
      await waitConnected(page);
      await screenshot(page, name);
    };
    // Today's figures count real calls only: one from Dialpad, answered and ended, so the case runs alone too.
    const call = dialpadCall({ call_id: Date.now() });
    for (const state of ['ringing', 'connected', 'hangup'] as const) {
      expect((await deliverJwt(web.api.url, { ...call, state, event_timestamp: Date.now() })).status).toBe(200);
    }
    await go('/', 'ダッシュボード', 'page-dashboard');
    await page.getByTestId('today-by-store').getByTestId('store-badge').first().waitFor();
    await screenshot(page, 'page-dashboard');

    await go('/customers?q=ヤマダ', '顧客', 'page-customers');
    await waitForText(page.getByTestId('customer-table'), '山田 花子');
    await screenshot(page, 'page-customers');
    await page.getByRole('link', { name: '山田 花子' }).click();
    await waitForText(page.getByRole('heading', { level: 1 }), '山田 花子');
    await screenshot(page, 'page-customer-detail');

    await go('/calls', '通話履歴', 'page-calls');
    await page.getByTestId('call-table').locator('tbody tr').first().waitFor();
    await screenshot(page, 'page-calls');

    await go('/stores', '店舗と着信番号', 'page-stores');
    await waitForText(page.getByTestId('store-table'), '0501748');
    await screenshot(page, 'page-stores');

    await go('/users', 'ユーザー', 'page-users');
    await waitForText(page.getByTestId('user-table'), 'admin@example.jp');
    await screenshot(page, 'page-users');

    await go('/settings', '着信設定', 'page-settings');

    // テスト着信 goes through the same pipeline as Dialpad's and pops a card here.
    await go('/dialpad', 'Dialpad 接続', 'page-dialpad');
    const form = page.getByTestId('test-call-form');
    await form.getByLabel('着信番号 (店舗の番号)').click();
    await page.getByRole('option', { name: /西船橋店/ }).click();
    await form.getByTestId('test-call-button').click();
    await waitForText(page.getByRole('status').filter({ hasText: 'テスト着信を送信しました' }), 'test-');
    await waitForText(page.getByTestId('call-card').getByTestId('caller-name'), '山田 花子');
    await screenshot(page, 'page-dialpad');
  });

  it('fits a tablet: the card is wholly on screen, beside the page title, and nothing scrolls sideways', async () => {
    const tablet = { width: 820, height: 1180 };
    await page.setViewportSize(tablet);
    await page.goto(`${web.url}/`);
    await waitConnected(page);
    const call = dialpadCall();
    await deliverJwt(web.api.url, call);
    // At a tablet's width the call is a pill in the dock's bar; the pill opens its card.
    await page.getByTestId('call-pill').filter({ hasText: '山田 花子' }).click();
    const popped = card(page, String(call.call_id));
    await waitForText(popped.getByTestId('caller-name'), '山田 花子');
    await screenshot(page, 'tablet-card');

    const box = await popped.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(tablet.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(tablet.height);
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect(title).not.toBeNull();
    const overlaps = title!.x < box!.x + box!.width && box!.x < title!.x + title!.width && title!.y < box!.y + box!.height && box!.y < title!.y + title!.height;
    expect(overlaps).toBe(false);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
  });

  it('an expired session goes back to the login page', async () => {
    await page.evaluate(`localStorage.setItem('cti.token', 'not-a-valid-token')`);
    await page.goto(`${web.url}/calls`);
    await waitForText(page.getByRole('status'), 'セッションの有効期限が切れました');
    await page.getByLabel('メールアドレス').waitFor();
  });
});
