/**
 * Fan-out: from sending one webhook to the last of N admin sockets receiving its incoming_call,
 * the sockets held by client processes of their own. Calls go one at a time.
 */
import { deliver, login, now, ringingCall, signCall, takeCallIds } from './support/calls';
import { loadAverage } from './support/machine';
import { type ClientProcess, type Implementation, openSockets, spawnClients, startServer, stopClients } from './support/stack';
import { sleep, type Summary, summarize } from './support/stats';
import type { Tally } from './support/socket-clients';

export interface FanoutRow {
  implementation: Implementation;
  sockets: number;
  calls: number;
  /** Webhook sent → last socket has it. */
  last: Summary;
  /** Webhook sent → first socket has it. */
  first: Summary;
  /** Webhook sent → its 200. */
  webhook: Summary;
  /** Calls whose 200 came back before the last socket had the call. */
  answeredFirst: number;
  /** Deliveries that never came (sockets × calls − received). */
  missing: number;
  load: number;
}

export async function benchFanout(options: {
  implementation: Implementation;
  sockets: number[];
  calls: number;
  processes: number;
  customers: number;
}): Promise<FanoutRow[]> {
  const { server, url } = await startServer({ database: 'postgres', customers: options.customers, implementation: options.implementation });
  const rows: FanoutRow[] = [];
  const clients = spawnClients(options.processes);
  try {
    const token = await login(url);
    let connected = 0;
    for (const target of [...options.sockets].sort((a, b) => a - b)) {
      // Grow the same population: the sockets of the smaller N stay connected.
      connected += (await openSockets(clients, url, token, target - connected)).opened;
      await sleep(500);
      // Warm-up call, not recorded.
      await oneCall(url, clients, options.customers, 0);
      const last: number[] = [];
      const first: number[] = [];
      const webhook: number[] = [];
      let answeredFirst = 0;
      let missing = 0;
      const load = loadAverage();
      for (let i = 1; i <= options.calls; i++) {
        const result = await oneCall(url, clients, options.customers, i);
        webhook.push(result.answered - result.sent);
        if (result.received === connected) {
          last.push(result.last - result.sent);
          first.push(result.first - result.sent);
          if (result.answered < result.last) answeredFirst += 1;
        }
        missing += connected - result.received;
        await sleep(50);
      }
      rows.push({ implementation: options.implementation, sockets: connected, calls: options.calls, last: summarize(last), first: summarize(first), webhook: summarize(webhook), answeredFirst, missing, load });
    }
  } finally {
    await stopClients(clients);
    await server.call('stop', undefined).catch(() => undefined);
    await server.stop(5_000);
  }
  return rows;
}

async function oneCall(
  url: string,
  clients: ClientProcess[],
  customers: number,
  i: number,
): Promise<{ sent: number; answered: number; first: number; last: number; received: number }> {
  const callId = takeCallIds(1);
  const body = await signCall(ringingCall(callId, i, customers));
  // Every client process is listening before the call is sent.
  const tallies = Promise.all(clients.map((c) => c.call('waitCall', { callId: String(callId), timeoutMs: 15_000 })));
  await sleep(5);
  const sent = now();
  const status = await deliver(url, body);
  const answered = now();
  if (status !== 200) throw new Error(`webhook answered ${status}`);
  const got = (await tallies).filter((t): t is Tally => t !== null);
  return {
    sent,
    answered,
    first: Math.min(...got.map((t) => t.first)),
    last: Math.max(...got.map((t) => t.last)),
    received: got.reduce((n, t) => n + t.count, 0),
  };
}
