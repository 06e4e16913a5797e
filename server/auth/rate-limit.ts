import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { AppError } from '../http/errors';

/**
 * Per-address request limits (@fastify/rate-limit, counted in this process's memory: with several
 * nodes each node counts its own share). The plugin's default key counts an IPv6 client by its /64
 * (`ipv6Subnet`, 64), since one subscriber holds a whole /64; lockout.ts keys its pairs the same way.
 * Only the routes that ask for one are limited; the numbers and why: docs/security.md.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false });
}

const MINUTE_MS = 60_000;

/** POST /api/auth/login: bounds password spraying (many emails from one address) and the scrypt work it costs us. */
export function loginRateLimit(config: Pick<Config, 'loginRateLimitPerMinute'>): RateLimitOptions {
  return {
    max: config.loginRateLimitPerMinute,
    timeWindow: MINUTE_MS,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many sign-in attempts from this address; try again in ${context.after}`),
  };
}

/**
 * POST /api/dialpad/webhook: far above any real burst (docs/security.md), so it only stops a flood.
 * Answers 503 with Retry-After rather than 429: Dialpad never retries a 4xx, so a 429 would lose the
 * event for good, whereas a 503 is delivered again a few seconds later.
 */
export function webhookRateLimit(config: Pick<Config, 'webhookRateLimitPerMinute'>): RateLimitOptions {
  return {
    max: config.webhookRateLimitPerMinute,
    timeWindow: MINUTE_MS,
    // A peer on this machine that is not a proxy (request.ip is then the proxy's client) is a local
    // tool, a simulator or a benchmark: never Dialpad, and never worth a lost event.
    allowList: (request) => isLoopback(request.ip),
    errorResponseBuilder: (_request, context) =>
      new AppError('overloaded', `Too many webhook deliveries from this address; retry in ${context.after}`),
  };
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}
