import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverJwt, dialpadCall } from '../support/dialpad';
import { buildUser } from '../support/factories';
import { launchBrowser, screenshot } from './support/browser';
import { signInWithToken } from './support/page';
import { seedChain } from './support/seed';
import { startWebApp, type WebApp } from './support/web';

/**
 * Voicemail where staff look, as staff: a missed call opens a call-back task, and the voicemail
 * Dialpad uploads afterwards shows 留守電あり ▶ on the task and 留守電 ▶ on the call log row,
 * both opening Dialpad's link in a new tab; a javascript: link never becomes one.
 */
describe('voicemail on the call-back task and the call log (browser)', { timeout: 240_000 }, () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  const STORE_NUMBER = '+815017481234';
  const HANAKO = '+819012345678';
  const VOICEMAIL = 'https://dialpad.com/r/voicemail/6051203942481920.mp3';
  const RECORDING = 'https://dialpad.com/r/recording/4242.mp3';

  beforeAll(async () => {
    web = await startWebApp();
    const seed = await seedChain(web.api.db);
    const staff = await buildUser(web.api.db, { role: 'staff', store: seed.nishifuna, name: '佐藤 花子' });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait, not a timing assumption.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await signInWithToken(page, web.url, await web.api.tokenFor(staff.id, 'staff'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows 留守電あり ▶ on the task and 留守電 ▶ on the call log row once the voicemail is uploaded', async () => {
    const missed = dialpadCall({ external_number: HANAKO, internal_number: STORE_NUMBER });
    const ts = missed.event_timestamp as number;
    await deliverJwt(web.api.url, missed);
    await deliverJwt(web.api.url, { ...missed, state: 'missed', date_ended: ts + 5, event_timestamp: ts + 10 });

    // The store has no hours set, so the task is in the regular queue.
    const task = page.getByTestId('callbacks').getByTestId('callback-task').filter({ hasText: '山田 花子' });
    await task.waitFor();
    expect(await task.getByTestId('voicemail-link').count()).toBe(0);

    await deliverJwt(web.api.url, {
      ...missed,
      state: 'voicemail_uploaded',
      event_timestamp: ts + 20,
      voicemail_link: VOICEMAIL,
      recording_details: [{ id: 4242, recording_type: 'user', url: RECORDING, duration: 20_000, start_time: ts }, { id: 4243, url: 'javascript:alert(1)' }],
      transcription_text: 'お世話になっております。予約の変更でお電話しました。',
    });

    const link = task.getByTestId('voicemail-link');
    await link.waitFor();
    expect(await link.textContent()).toBe('留守電あり ▶');
    expect(await link.getAttribute('href')).toBe(VOICEMAIL);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await screenshot(page, 'voicemail-task');

    await page.goto(`${web.url}/calls`);
    const row = page.getByTestId('call-table').locator('tr').filter({ hasText: '090-1234-5678' });
    const rowLink = row.getByTestId('voicemail-link');
    await rowLink.waitFor();
    expect(await rowLink.textContent()).toBe('留守電 ▶');
    expect(await rowLink.getAttribute('href')).toBe(VOICEMAIL);
    const recordings = row.getByTestId('recording-link');
    expect(await recordings.count()).toBe(1);
    expect(await recordings.first().textContent()).toBe('録音 ▶');
    expect(await recordings.first().getAttribute('href')).toBe(RECORDING);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await screenshot(page, 'voicemail-call-log');

    // The call's own card (the call window: it never folds away by itself) has both, and the transcription folded.
    await page.goto(`${web.url}/admin/customer-management/cti?callId=${encodeURIComponent(String(missed.call_id))}`);
    const media = page.getByTestId('call-card').getByTestId('card-media');
    await media.waitFor();
    expect(await media.getByTestId('voicemail-link').getAttribute('href')).toBe(VOICEMAIL);
    expect(await media.getByTestId('recording-link').textContent()).toBe('録音 1 ▶');
    expect(await media.getByTestId('transcription').count()).toBe(0);
    await media.getByRole('button', { name: '文字起こしを表示' }).click();
    await media.getByText('予約の変更でお電話しました').waitFor();
    await screenshot(page, 'voicemail-card');
  });
});
