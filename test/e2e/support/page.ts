import type { Locator, Page } from 'playwright-core';

/** Waits (Playwright's auto-waiting, no fixed timeouts of ours) until the locator shows the text. */
export async function waitForText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** The card of one call. */
export const card = (page: Page, callId: string): Locator => page.locator(`[data-testid="call-card"][data-call-id="${callId}"]`);

/** Waits until the card's state is the given one. */
export async function waitForState(page: Page, callId: string, state: string): Promise<void> {
  await page.locator(`[data-testid="call-card"][data-call-id="${callId}"][data-state="${state}"]`).waitFor();
}

/** Waits until this tab has decided whether it rings for the call; returns the outcome. */
export async function claimOutcome(page: Page, callId: string): Promise<string | null> {
  const decided = page.locator(`[data-testid="call-card"][data-call-id="${callId}"]:is([data-claim="won"], [data-claim="lost"])`);
  await decided.waitFor();
  return decided.getAttribute('data-claim');
}

export async function waitConnected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection"][data-connection="connected"]').waitFor();
}

/** Opens the app already signed in with this token (the login page is the 'signs in' case's to test). */
export async function signInWithToken(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(baseUrl);
  const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const user = JSON.stringify(await me.json());
  // What the app keeps after a sign-in (web/src/lib/session.ts); settings go back to their defaults.
  await page.evaluate(`localStorage.setItem('cti.token', ${JSON.stringify(token)}); localStorage.setItem('cti.user', ${JSON.stringify(user)}); localStorage.removeItem('cti.settings')`);
  await page.goto(baseUrl);
  await waitConnected(page);
}

/** Signs in through the login page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('メールアドレス').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await waitConnected(page);
}
