/**
 * Popup: a real Chromium signed in to the built web app; from sending the webhook to the call's
 * card being in the page and painted (the first animation frame after it appears).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, launchBrowser } from '../test/e2e/support/browser';
import { signIn } from '../test/e2e/support/page';
import { ADMIN, deliver, now, ringingCall, signCall, takeCallIds } from './support/calls';
import { loadAverage } from './support/machine';
import { startServer } from './support/stack';
import { sleep, type Summary, summarize } from './support/stats';

export type PopupRow = { measured: true; calls: number; latency: Summary; load: number } | { measured: false; reason: string };

const webDist = fileURLToPath(new URL('../web/dist/index.html', import.meta.url));

/**
 * Runs in the page: notes when each card first appears and when the frame after it is painted, on
 * the same wall clock as Node's (performance.timeOrigin + performance.now()). A string, because the
 * server's TypeScript settings have no DOM types.
 */
const OBSERVE_CARDS = `(() => {
  const seen = (window.__cardSeen = {});
  const painted = (window.__cardPainted = {});
  const check = () => {
    for (const el of document.querySelectorAll('[data-testid="call-card"][data-call-id]')) {
      const id = el.getAttribute('data-call-id');
      if (id in seen) continue;
      seen[id] = performance.timeOrigin + performance.now();
      requestAnimationFrame(() => { painted[id] = performance.timeOrigin + performance.now(); });
    }
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
})()`;

export async function benchPopup(options: { calls: number }): Promise<PopupRow> {
  // As `npm start` does: build the web app when it is missing or older than its sources.
  execFileSync(process.execPath, ['scripts/ensure-web-build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
  if (!existsSync(webDist)) return { measured: false, reason: 'not measured: web app not built (web/dist; npm run build:web)' };
  if (!existsSync(CHROMIUM)) return { measured: false, reason: `not measured: no Chromium at ${CHROMIUM} (apt-get install -y chromium)` };
  const customers = 100;
  const { server, url } = await startServer({ database: 'postgres', customers });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    // A ceiling for each wait so a broken page fails the run instead of hanging it; generous, since
    // a loaded machine (CI next to other jobs) can take seconds to start a page.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await signIn(page, url, ADMIN.email, ADMIN.password);
    await page.evaluate(OBSERVE_CARDS);
    const latencies: number[] = [];
    const warmUp = 3;
    for (let i = 0; i < options.calls + warmUp; i++) {
      const callId = takeCallIds(1);
      const ringing = ringingCall(callId, i, customers);
      const body = await signCall(ringing);
      const sent = now();
      const status = await deliver(url, body);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      // A function, not a string: the app's Content-Security-Policy forbids evaluating strings.
      const handle = await page.waitForFunction(
        (id: string) => (globalThis as unknown as { __cardPainted: Record<string, number> }).__cardPainted[id],
        String(callId),
      );
      const painted = Number(await handle.jsonValue());
      if (i >= warmUp) latencies.push(painted - sent);
      // Hang up, so cards do not pile up on the screen and slow the next one down.
      await deliver(url, await signCall({ ...ringing, state: 'hangup', date_ended: Date.now(), event_timestamp: Date.now() + 10 }));
      await sleep(100);
    }
    return { measured: true, calls: latencies.length, latency: summarize(latencies), load: loadAverage() };
  } finally {
    await browser.close();
    await server.call('stop', undefined).catch(() => undefined);
    await server.stop(5_000);
  }
}
