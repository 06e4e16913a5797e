/**
 * Open-loop load: request i is due at start + i/rate whatever happened to the others, and its
 * latency runs from that due time (not from when it was sent), so a server that falls behind shows
 * it instead of slowing the generator down with it (coordinated omission).
 */
import { Agent, request } from 'node:http';
import { now, ringingCall, signCall } from './calls';
import { serve } from './ipc';
import { type Summary, summarize } from './stats';

export interface LoadResult {
  rate: number;
  sent: number;
  ok: number;
  /** By kind: an HTTP status, 'timeout' or a socket error code. */
  errors: Record<string, number>;
  latency: Summary;
  /** Responses per second over the whole run, drain included. */
  achieved: number;
}

/** Dialpad gives up after 5 s; past 10 s from its due time a request counts as a timeout. */
const REQUEST_TIMEOUT_MS = 10_000;
let bodies: string[] = [];
let target: URL | undefined;
let rate = 0;

/** Resolves with the status, or why there is none; gives up at `deadline` (queueing in the agent included). */
function post(agent: Agent, body: string, deadline: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: target!.hostname,
        port: target!.port,
        path: '/api/dialpad/webhook',
        method: 'POST',
        agent,
        headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve(String(res.statusCode));
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error('timeout')), Math.max(0, deadline - now()));
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.message === 'timeout' ? 'timeout' : (err.code ?? err.message));
    });
    req.end(body);
  });
}

export const loadgenApi = {
  /** Signs every body up front (distinct calls), so signing costs nothing during the run. */
  async prepare(arg: { url: string; rate: number; durationMs: number; firstCallId: number; customers: number }): Promise<number> {
    target = new URL(arg.url);
    rate = arg.rate;
    const count = Math.max(1, Math.round((arg.rate * arg.durationMs) / 1000));
    bodies = await Promise.all(Array.from({ length: count }, (_, i) => signCall(ringingCall(arg.firstCallId + i, i, arg.customers))));
    return bodies.length;
  },

  async run(): Promise<LoadResult> {
    // Keep-alive as Dialpad's delivery would reuse connections; enough of them that the agent's own
    // queue is not the bottleneck (queueing there still counts, since latency runs from the due time).
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const interval = 1000 / rate;
    const total = bodies.length;
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    let ok = 0;
    let sent = 0;
    const inflight: Promise<void>[] = [];
    const start = now() + 20;

    const fire = (i: number, due: number) => {
      inflight.push(
        post(agent, bodies[i]!, due + REQUEST_TIMEOUT_MS).then((status) => {
          latencies.push(now() - due);
          if (status === '200') ok += 1;
          else errors[status] = (errors[status] ?? 0) + 1;
        }),
      );
    };
    await new Promise<void>((resolve) => {
      const tick = () => {
        const t = now();
        while (sent < total && start + sent * interval <= t) {
          fire(sent, start + sent * interval);
          sent += 1;
        }
        if (sent >= total) resolve();
        else setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - now())));
      };
      setTimeout(tick, 20);
    });
    await Promise.all(inflight);
    const elapsed = now() - start;
    agent.destroy();
    return { rate, sent, ok, errors, latency: summarize(latencies), achieved: (ok * 1000) / elapsed };
  },
};

serve(loadgenApi);
