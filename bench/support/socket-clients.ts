/**
 * Thousands of signed-in Socket.IO clients in one process, speaking the wire protocol directly
 * (Engine.IO 4 over WebSocket) on Node's built-in WebSocket. socket.io-client would parse every
 * packet's JSON; on a 2-core machine shared with the server that client-side work would be measured
 * as server latency. Here a packet costs a prefix check and, for incoming_call, one indexOf.
 */
import { now } from './calls';
import { serve } from './ipc';

export interface Tally {
  /** Sockets of this process that received the call. */
  count: number;
  /** Distinct sockets of this process that received it, by the group each was opened in (`open`'s `group`: who it signed in as). */
  groups: Record<string, number>;
  /** Deliveries to a socket that already had the call (each socket must get a call once). */
  repeats: number;
  first: number;
  last: number;
}

const sockets: WebSocket[] = [];
const calls = new Map<string, Tally>();
/** Per call, one bit per socket (by its index in `sockets`): which sockets already have it. */
const seen = new Map<string, Uint8Array>();
const waiters = new Map<string, { expected: number; resolve: () => void }>();
let events = 0;
let closedUnexpectedly = 0;

const CALL_PREFIX = '42["incoming_call"';
const CALL_ID = '"callId":"';

function onCall(data: string, at: number, group: string, index: number): void {
  const start = data.indexOf(CALL_ID) + CALL_ID.length;
  const callId = data.slice(start, data.indexOf('"', start));
  let tally = calls.get(callId);
  if (!tally) calls.set(callId, (tally = { count: 0, groups: {}, repeats: 0, first: at, last: at }));
  let bits = seen.get(callId);
  if (!bits || bits.length <= index >> 3) {
    const grown = new Uint8Array((Math.max(sockets.length, index + 1) >> 3) + 1);
    if (bits) grown.set(bits);
    seen.set(callId, (bits = grown));
  }
  tally.count += 1;
  if (bits[index >> 3]! & (1 << (index & 7))) tally.repeats += 1;
  else {
    bits[index >> 3]! |= 1 << (index & 7);
    tally.groups[group] = (tally.groups[group] ?? 0) + 1;
  }
  tally.last = at;
  const waiter = waiters.get(callId);
  if (waiter && tally.count >= waiter.expected) {
    waiters.delete(callId);
    waiter.resolve();
  }
}

/** Opens one socket: Engine.IO open → Socket.IO CONNECT with the token → CONNECT ack (or connect_error). */
function openOne(wsUrl: string, token: string, group: string, timeoutMs: number): Promise<void> {
  const ws = new WebSocket(wsUrl);
  return new Promise((resolve, reject) => {
    let connected = false;
    let index = -1;
    const timer = setTimeout(() => fail(new Error('handshake timed out')), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      ws.close();
      reject(err);
    };
    ws.onerror = () => fail(new Error('websocket error'));
    ws.onclose = () => {
      if (connected) closedUnexpectedly += 1;
    };
    ws.onmessage = (event: { data: unknown }) => {
      const data = event.data;
      if (typeof data !== 'string') return;
      const at = now();
      switch (data.charCodeAt(0)) {
        case 0x32: // '2': ping; the server drops clients that do not answer
          ws.send('3');
          return;
        case 0x30: // '0': Engine.IO open
          ws.send(`40${JSON.stringify({ token })}`);
          return;
        case 0x34: // '4': a Socket.IO packet
          if (data.startsWith('42')) {
            events += 1;
            if (data.startsWith(CALL_PREFIX) && index >= 0) onCall(data, at, group, index);
          } else if (data.startsWith('40') && !connected) {
            connected = true;
            clearTimeout(timer);
            ws.onerror = null;
            index = sockets.push(ws) - 1;
            resolve();
          } else if (data.startsWith('44')) {
            fail(new Error(`refused: ${data.slice(2, 200)}`));
          }
          return;
        default:
          return;
      }
    };
  });
}

export const clientsApi = {
  /** Opens `count` sockets, `concurrency` handshakes at a time; failures are counted, not thrown. */
  async open(arg: { url: string; token: string; count: number; concurrency: number; group?: string }): Promise<{ opened: number; failed: number; error?: string }> {
    const wsUrl = `${arg.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    let next = 0;
    let failed = 0;
    let error: string | undefined;
    const worker = async () => {
      while (next < arg.count) {
        next += 1;
        await openOne(wsUrl, arg.token, arg.group ?? 'default', 30_000).catch((err: unknown) => {
          failed += 1;
          error ??= String(err);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(arg.concurrency, arg.count) }, worker));
    return { opened: sockets.length, failed, ...(error ? { error } : {}) };
  },

  /** Resolves when every socket here has the call, or after timeoutMs with what did arrive. */
  async waitCall(arg: { callId: string; timeoutMs: number }): Promise<Tally | null> {
    const expected = sockets.length;
    const have = calls.get(arg.callId);
    if (!have || have.count < expected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, arg.timeoutMs);
        waiters.set(arg.callId, { expected, resolve: () => (clearTimeout(timer), resolve()) });
      });
      waiters.delete(arg.callId);
    }
    const tally = calls.get(arg.callId) ?? null;
    calls.delete(arg.callId);
    seen.delete(arg.callId);
    return tally;
  },

  /** Counters since the start; `forget` drops the per-call tallies of a load run. */
  async stats(arg: { forget: boolean }): Promise<{ sockets: number; events: number; closedUnexpectedly: number }> {
    if (arg.forget) {
      calls.clear();
      seen.clear();
    }
    return { sockets: sockets.length, events, closedUnexpectedly };
  },

  async close(): Promise<void> {
    for (const ws of sockets.splice(0)) {
      ws.onclose = null;
      ws.close();
    }
  },
};

serve(clientsApi);
