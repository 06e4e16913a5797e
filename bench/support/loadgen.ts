/**
 * Open-loop load: request i is due at start + i/rate whatever happened to the others, and its
 * latency runs from that due time (not from when it was sent), so a server that falls behind shows
 * it instead of slowing the generator down with it (coordinated omission).
 */
import { Agent, request } from 'node:http';
import { now, ringingCall, signCall } from './calls';
import { serve } from './ipc';
import { sleep, type Summary, summarize } from './stats';

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

export interface BurstResult {
  deliveries: number;
  /** Each delivery's first answer, by kind (an HTTP status, 'timeout' or a socket error code). */
  first: Record<string, number>;
  /** From the instant all were due to each delivery's first answer. */
  firstAnswer: Summary;
  /** Deliveries sent again: after a 503's Retry-After, or a second after any other failure. */
  retries: number;
  /** The answers to those retries, by kind. */
  retryAnswers: Record<string, number>;
  /** Deliveries still not 200 after MAX_ATTEMPTS. */
  gaveUp: number;
  /** From the instant all were due until the last delivery was answered 200. */
  lastOkMs: number;
}

/** A burst's delivery is tried this many times at most (Dialpad's own retries are fewer, and slower). */
const MAX_ATTEMPTS = 10;
/** Added at random to each Retry-After, so the refused do not all come back in the same instant. */
const RETRY_JITTER_MS = 500;

/** Retry-After in seconds, as the product sends it; a second when it is absent or not a number. */
function retryDelayMs(retryAfter: string | undefined): number {
  const seconds = Number(retryAfter);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000) + Math.random() * RETRY_JITTER_MS;
}

/** Dialpad gives up after 5 s; past 10 s from its due time a request counts as a timeout. */
const REQUEST_TIMEOUT_MS = 10_000;
let bodies: string[] = [];
let target: URL | undefined;
let rate = 0;

/** Resolves with the status (and any Retry-After), or why there is none; gives up at `deadline` (queueing in the agent included). */
function post(agent: Agent, body: string, deadline: number): Promise<{ status: string; retryAfter?: string }> {
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
          const retryAfter = res.headers['retry-after'];
          resolve({ status: String(res.statusCode), ...(retryAfter ? { retryAfter } : {}) });
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error('timeout')), Math.max(0, deadline - now()));
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ status: err.message === 'timeout' ? 'timeout' : (err.code ?? err.message) });
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
        post(agent, bodies[i]!, due + REQUEST_TIMEOUT_MS).then(({ status }) => {
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

  /**
   * Every prepared body due at the same instant, and each one sent again until it is answered 200,
   * as Dialpad retries. 512 connections: the server's listen backlog is 511, so thousands of
   * connects at once would overflow it and measure the kernel's one-second SYN retry instead.
   */
  async burst(): Promise<BurstResult> {
    const agent = new Agent({ keepAlive: true, maxSockets: 512 });
    const first: Record<string, number> = {};
    const retryAnswers: Record<string, number> = {};
    const firstAnswers: number[] = [];
    let retries = 0;
    let gaveUp = 0;
    let lastOkMs = Number.NaN;
    const due = now() + 20;
    await sleep(20);

    const deliver = async (body: string) => {
      for (let attempt = 1; ; attempt++) {
        const { status, retryAfter } = await post(agent, body, (attempt === 1 ? due : now()) + REQUEST_TIMEOUT_MS);
        const at = now() - due;
        const tally = attempt === 1 ? first : retryAnswers;
        tally[status] = (tally[status] ?? 0) + 1;
        if (attempt === 1) firstAnswers.push(at);
        if (status === '200') {
          lastOkMs = Number.isNaN(lastOkMs) ? at : Math.max(lastOkMs, at);
          return;
        }
        if (attempt === MAX_ATTEMPTS) {
          gaveUp += 1;
          return;
        }
        retries += 1;
        await sleep(retryDelayMs(status === '503' ? retryAfter : undefined));
      }
    };
    // Each delivery's first request is handed to the agent in this one synchronous loop.
    await Promise.all(bodies.map(deliver));
    agent.destroy();
    return { deliveries: bodies.length, first, firstAnswer: summarize(firstAnswers), retries, retryAnswers, gaveUp, lastOkMs };
  },
};

serve(loadgenApi);
