import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import type { Parameters as FcParameters } from 'fast-check';
import type { CallUpdatedPayload, IncomingCallPayload } from '../../common/calls';
import { type ClientSocket, collectEvents, type TestApp, waitUntil } from '../support/app';
import { dialpadCall, deliverJwt } from '../support/dialpad';

/**
 * fast-check settings shared by the hardening properties: a fixed seed so CI is repeatable (fast-check
 * prints the seed and path of a failure; FC_SEED=<n> replays or varies it), and bounded runs.
 */
export function fcParams<T>(numRuns: number): FcParameters<T> {
  const seed = process.env.FC_SEED === undefined ? 20_261_125 : Number(process.env.FC_SEED);
  return { seed, numRuns };
}

/** HARDENING_FULL=1 runs the heavy variants (1,000-socket storm, 2,000-call burst) in full. */
export const FULL = process.env.HARDENING_FULL === '1';

/** Every popup and call update an admin socket sees: the witness that nothing unsigned is broadcast. */
export interface Watcher {
  popups: IncomingCallPayload[];
  updates: CallUpdatedPayload[];
  /**
   * Sends a signed marker call and waits until its popup arrives: events are emitted before the
   * webhook answers, so every broadcast of earlier requests has then reached the socket too.
   */
  flush(): Promise<string>;
}

export function watch(t: TestApp, admin: ClientSocket): Watcher {
  const popups = collectEvents(admin, 'incoming_call');
  const updates = collectEvents(admin, 'call_updated');
  return {
    popups,
    updates,
    async flush() {
      const marker = dialpadCall();
      const res = await deliverJwt(t.url, marker);
      if (res.status !== 200) throw new Error(`marker call answered ${res.status}`);
      const id = String(marker.call_id);
      await waitUntil(() => popups.some((p) => p.callId === id));
      return id;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * A POST with exactly these headers and bytes (fetch would normalise or refuse odd ones): what a
 * hostile or broken sender can put on the wire.
 */
export function rawPost(url: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const authHeader = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
