import type { BrowserContext, Locator, Page } from 'playwright-core';

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

/** Signs in through the login page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('メールアドレス').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await waitConnected(page);
}

export async function newJapanesePage(context: BrowserContext): Promise<Page> {
  return context.newPage();
}
