import { and, eq } from 'drizzle-orm';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memos } from '../../server/db/schema';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildCustomer, buildUser, type UserFixture } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { card, signInWithToken, waitForState, waitForText } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * The staff guide (docs/ja/staff-guide.md) in the app: staff open it from the header's ヘルプ and
 * read it, screenshots included. The second case plays the situations the guide shows and, with
 * UPDATE_DOCS_SCREENSHOTS=1, writes its images (docs/ja/images, 1280×800); without it CI checks the
 * same screens and leaves the committed images alone.
 */
const SIZE = { width: 1280, height: 800 };
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const GUIDE = join(ROOT, 'docs/ja/staff-guide.md');
const IMAGES = join(ROOT, 'docs/ja/images');
const UPDATE = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

/** The images the guide links, as `![alt](images/name.png)`. */
const guideImages = (): { alt: string; name: string }[] =>
  [...readFileSync(GUIDE, 'utf8').matchAll(/!\[([^\]]*)\]\(images\/([\w.-]+\.png)\)/g)].map((m) => ({ alt: m[1]!, name: m[2]! }));

async function guideShot(page: Page, name: string): Promise<void> {
  // No tooltip left over from the last click.
  await page.mouse.move(600, 700);
  await screenshot(page, `guide-${name}`);
  if (!UPDATE) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, `${name}.png`), fullPage: false });
}

describe('staff guide (browser)', { timeout: 300_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seed: Awaited<ReturnType<typeof seedChain>>;
  let staff: UserFixture;

  beforeAll(async () => {
    web = await startWebApp();
    seed = await seedChain(web.api.db);
    staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: 'スタッフ 佐藤', email: 'sato@example.jp' });
    // A household line: two customers share the home number.
    for (const [name, nameKana] of [
      ['鈴木 美咲', 'スズキ ミサキ'],
      ['鈴木 健一', 'スズキ ケンイチ'],
    ] as const) {
      await buildCustomer(web.api.db, { name, nameKana, phones: ['047-123-4567'], homeStore: seed.nishifuna });
    }
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: SIZE, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(page, `failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('as staff, ヘルプ in the header opens the guide, its screenshots shown', async () => {
    await page.goto(web.url);
    await page.getByTestId('help-link').filter({ hasText: 'ヘルプ' }).click();
    await page.waitForURL(`${web.url}/help`);
    const help = page.getByTestId('help');
    await help.getByRole('heading', { level: 1, name: 'CTI ポップアップ スタッフガイド' }).waitFor();
    const headings = await help.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['着信カードの見方', '状態とバッジの意味', '通話しながらメモを書く', '折り返し待ち (ダッシュボード)', '接続バッジが赤いとき', 'テスト着信']));
    expect(await page.title()).toBe('ヘルプ | CTI ポップアップ');

    // Every image the guide links is a file of the build, loaded at its real size (once the images exist).
    const linked = guideImages();
    expect(linked.length).toBeGreaterThanOrEqual(7);
    for (const { alt, name } of linked.filter((image) => existsSync(join(IMAGES, image.name)))) {
      const image = help.getByRole('img', { name: alt, exact: true });
      await image.scrollIntoViewIfNeeded();
      await expect.poll(() => image.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBe(SIZE.width);
      expect(await image.getAttribute('src'), name).not.toBe(`images/${name}`);
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'help-ja');

    // In English the guide stays Japanese, and a line says so.
    await page.getByRole('button', { name: 'English' }).click();
    await waitForText(help, 'This staff guide is written in Japanese');
    await page.getByRole('link', { name: 'Help' }).waitFor();
    await help.getByRole('heading', { level: 1, name: 'CTI ポップアップ スタッフガイド' }).waitFor();
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByTestId('help-link').filter({ hasText: 'ヘルプ' }).waitFor();
  });

  it('the screens the guide shows', async () => {
    await page.goto(web.url);
    await page.locator('[data-testid="connection"][data-connection="connected"]').waitFor();

    // A known customer rings, is answered, and a memo is written during the call.
    const call = dialpadCall();
    const callId = String(call.call_id);
    expect((await deliverJwt(web.api.url, call)).status).toBe(200);
    const popped = card(page, callId);
    await waitForText(popped.getByTestId('caller-name'), '山田 花子');
    await waitForText(popped.getByTestId('visit-summary'), '来店 2 回');
    await waitForText(popped.getByTestId('pinned-memos'), 'カラーは明るめが好み');
    await waitForState(page, callId, 'ringing');
    await guideShot(page, 'card-ringing');

    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'connected', date_connected: Date.now(), event_timestamp: Date.now() }));
    await waitForState(page, callId, 'answered');
    await waitForText(popped.getByTestId('call-agent'), 'が応答');
    await guideShot(page, 'card-answered');

    const memo = '来週土曜 14 時に予約を変更。カットのみ、担当は佐藤さん希望。';
    await popped.getByTestId('call-memo-input').fill(memo);
    await guideShot(page, 'card-memo');
    await popped.getByTestId('call-memo-input').press('Control+Enter');
    await waitForText(popped.getByTestId('memo-status'), 'メモを保存しました');
    expect(await web.api.db.select().from(memos).where(and(eq(memos.customerId, seed.hanako.id), eq(memos.body, memo)))).toHaveLength(1);
    await deliverJwt(web.api.url, dialpadCall({ call_id: call.call_id, state: 'hangup', date_ended: Date.now(), duration: 95_000, event_timestamp: Date.now() + 1 }));
    await waitForState(page, callId, 'ended');
    await popped.getByTestId('close-card').click();
    await popped.waitFor({ state: 'detached' });

    // A household number: two customers to choose from.
    const shared = dialpadCall({ external_number: '+81471234567', contact: { id: 'c-3', type: 'local', name: '', phone: '+81471234567' } });
    await deliverJwt(web.api.url, shared);
    const sharedCard = card(page, String(shared.call_id));
    await waitForText(sharedCard.getByTestId('candidates'), 'この番号を持つ顧客が複数います');
    await waitForText(sharedCard.getByTestId('candidates'), '鈴木 健一');
    await guideShot(page, 'card-shared');
    await deliverJwt(web.api.url, dialpadCall({ call_id: shared.call_id, external_number: '+81471234567', state: 'hangup', date_connected: Date.now() - 30_000, date_ended: Date.now(), duration: 30_000, event_timestamp: Date.now() + 1 }));
    await waitForState(page, String(shared.call_id), 'ended');
    await sharedCard.getByTestId('close-card').click();
    await sharedCard.waitFor({ state: 'detached' });

    // An unknown number nobody answers: the card offers to register it, then it waits for a call-back.
    const unknown = dialpadCall({ external_number: '+818055551234', contact: { id: 'c-4', type: 'local', name: '', phone: '+818055551234' } });
    await deliverJwt(web.api.url, unknown);
    const unknownCard = card(page, String(unknown.call_id));
    await waitForText(unknownCard.getByTestId('caller-name'), '未登録の番号');
    await waitForText(unknownCard.getByTestId('caller-phone'), '080-5555-1234');
    await unknownCard.getByTestId('unknown-caller').waitFor();
    await guideShot(page, 'card-unknown');
    await deliverJwt(web.api.url, dialpadCall({ call_id: unknown.call_id, external_number: '+818055551234', state: 'missed', event_timestamp: Date.now() + 2 }));
    await waitForState(page, String(unknown.call_id), 'missed');
    await unknownCard.getByTestId('close-card').click();
    await unknownCard.waitFor({ state: 'detached' });

    // Hanako leaves a voicemail too: the queue has a known and an unknown caller.
    const voicemail = dialpadCall();
    await deliverJwt(web.api.url, voicemail);
    const voicemailCard = card(page, String(voicemail.call_id));
    await waitForState(page, String(voicemail.call_id), 'ringing');
    await deliverJwt(web.api.url, dialpadCall({ call_id: voicemail.call_id, state: 'voicemail', event_timestamp: Date.now() + 2 }));
    await waitForState(page, String(voicemail.call_id), 'voicemail');
    await voicemailCard.getByTestId('close-card').click();
    await voicemailCard.waitFor({ state: 'detached' });

    const queue = page.getByTestId('callbacks');
    await waitForText(queue, '080-5555-1234');
    await waitForText(queue, '山田 花子');
    await waitForText(queue, '未登録の番号');
    await guideShot(page, 'dashboard-callbacks');

    await page.getByRole('link', { name: '着信設定' }).click();
    await page.getByRole('heading', { level: 1, name: '着信設定' }).waitFor();
    await guideShot(page, 'settings');

    // The connection lost for good, in a tab of its own: the server drops this browser and it cannot reach it again.
    const offline = await context.newPage();
    await offline.goto(web.url);
    await offline.locator('[data-testid="connection"][data-connection="connected"]').waitFor();
    // The first tries fail at once; the later ones hang (as with a dead network) until socket.io gives up on each.
    let tries = 0;
    await offline.route('**/socket.io/**', async (route) => {
      tries += 1;
      if (tries <= 6) await route.abort();
    });
    web.api.app.realtime.disconnectUser(staff.id);
    // Socket.io retries with a growing delay, and the badge turns red after five failed tries.
    await offline.locator('[data-testid="connection"][data-connection="disconnected"]').waitFor({ timeout: 120_000 });
    await waitForText(offline.getByTestId('connection'), '切断');
    await guideShot(offline, 'connection-red');
    await offline.close();
    // The other tab was dropped too, and connects again by itself.
    await page.locator('[data-testid="connection"][data-connection="connected"]').waitFor();
  });
});
