/**
 * The README's screenshots (docs/screenshots/), taken from the real app in Debian's Chromium:
 *   npx tsx scripts/docs-screenshots.ts
 * As staff of 西船橋店: one known caller's card, three calls at once in the dock (1280×800) and as
 * pills on a 1024-wide tablet, and a call in its own window. Run it after a change to the card or
 * the dock and commit the images it wrote.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { customers } from '../server/db/schema';
import { launchBrowser } from '../test/e2e/support/browser';
import { card, signInWithToken } from '../test/e2e/support/page';
import { seedChain } from '../test/e2e/support/seed';
import { startWebApp } from '../test/e2e/support/web';
import { deliverJwt, dialpadCall } from '../test/support/dialpad';
import { buildCustomer, buildUser } from '../test/support/factories';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const web = await startWebApp();
const browser = await launchBrowser();
try {
  const seed = await seedChain(web.api.db);
  await web.api.db
    .update(customers)
    .set({ tags: ['VIP', '縮毛矯正'], caution: true, cautionReason: '予約の無断キャンセルが 2 回', notes: '平日の午後が都合よい。駐車場を使う。' })
    .where(eq(customers.id, seed.hanako.id));
  await buildCustomer(web.api.db, { name: '佐々木 太郎', nameKana: 'ササキ タロウ', phones: ['080-2345-6789'], homeStore: seed.nishifuna });
  const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '西船 スタッフ' });
  const token = await web.api.tokenFor(staff.id, 'staff');

  const ring = async (from: string, name: string): Promise<string> => {
    const call = dialpadCall({ external_number: from, contact: { id: `c-${from}`, type: 'local', name, phone: from } });
    if ((await deliverJwt(web.api.url, call)).status !== 200) throw new Error('the webhook refused the call');
    return String(call.call_id);
  };
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(out, name) });
    process.stdout.write(`wrote docs/screenshots/${name}\n`);
  };

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  await signInWithToken(page, web.url, token);

  const hanakoCall = await ring('+819012345678', '');
  await card(page, hanakoCall).waitFor();
  await shot(page, 'call-card.png');

  await page.goto(`${web.url}/customers`);
  await card(page, hanakoCall).waitFor();
  await card(page, await ring('+818023456789', '')).waitFor();
  await card(page, await ring('+819055501234', '')).waitFor();
  await shot(page, 'call-dock.png');

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('call-pill').nth(2).waitFor();
  await shot(page, 'call-dock-tablet.png');

  const window = await context.newPage();
  await window.setViewportSize({ width: 560, height: 800 });
  await window.goto(`${web.url}/admin/customer-management/cti?callId=${hanakoCall}`);
  await window.getByTestId('call-card').first().waitFor();
  await shot(window, 'call-window.png');
} finally {
  await browser.close();
  await web.close();
}
