import type { DialpadClient } from './api-client';

/**
 * Dialpad's company-wide block list (shared/dialpad.md): a blocked number's calls arrive as state
 * `blocked` and ring nobody. Add and remove answer 200 with no body worth reading.
 */

export async function addBlockedNumbers(client: DialpadClient, numbers: string[]): Promise<void> {
  await client.request('POST', '/blockednumbers/add', 'blocking the number', { numbers });
}

export async function removeBlockedNumbers(client: DialpadClient, numbers: string[]): Promise<void> {
  await client.request('POST', '/blockednumbers/remove', 'unblocking the number', { numbers });
}
