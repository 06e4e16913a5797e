import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { passwordSchema } from '../common/password';
import { WEBHOOK_SECRET_FILE } from './local-state';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(5000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATA_DIR: z.string().default('./data'),
    REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    DIALPAD_WEBHOOK_SECRET: optionalString,
    DIALPAD_API_KEY: optionalString,
    DIALPAD_API_BASE: z.url().default('https://dialpad.com/api/v2'),
    // Pushes customers to Dialpad's shared contacts through the outbox (server/dialpad/contacts/).
    DIALPAD_CONTACTS_SYNC: bool,
    ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
    // The first admin's password follows the one password rule (common/password.ts).
    ADMIN_PASSWORD: optionalString.pipe(passwordSchema.optional()),
    CTI_ENABLE_TEST_CALL: bool,
    CTI_TEST_CALL_SECONDS: z.coerce.number().min(1).max(600).default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CORS_ORIGINS: optionalString,
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    // Abuse limits (docs/security.md explains the numbers).
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(30),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
    // The replay window on a webhook event's own signed time (docs/security.md says why these numbers).
    WEBHOOK_EVENT_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(24 * 3600),
    WEBHOOK_EVENT_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).default(600),
    WEBHOOK_COMMIT_BUDGET_MS: z.coerce.number().int().min(50).max(4_000).default(2_000),
    TRUST_PROXY: z.string().default('loopback'),
    HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(256),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && env.DIALPAD_WEBHOOK_SECRET && env.DIALPAD_WEBHOOK_SECRET.length < 32) {
      ctx.addIssue({ code: 'custom', path: ['DIALPAD_WEBHOOK_SECRET'], message: 'must be at least 32 characters when NODE_ENV=production' });
    }
    if (env.HTTP_BODY_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_BODY_TIMEOUT_MS'], message: 'must not be longer than HTTP_REQUEST_TIMEOUT_MS' });
    }
    if (env.DIALPAD_CONTACTS_SYNC && !env.DIALPAD_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['DIALPAD_CONTACTS_SYNC'], message: 'needs DIALPAD_API_KEY (a company admin key) to push contacts' });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Every variable the schema reads: the README's configuration table must list each (test/docs/env-vars.test.ts). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  jwtSecret: Uint8Array;
  dialpadWebhookSecret: string | undefined;
  /** Where that secret came from: generated into DATA_DIR outside production when the environment has none. */
  dialpadWebhookSecretSource: 'environment' | 'generated' | 'missing';
  dialpadApiKey: string | undefined;
  dialpadApiBase: string;
  /** Customer changes are queued for Dialpad's shared contacts and a worker sends them (docs/dialpad.md). */
  dialpadContactsSync: boolean;
  initialAdmin: { email: string; password: string } | undefined;
  testCallEnabled: boolean;
  /** A test call rings this long, then ends by itself. */
  testCallRingMs: number;
  logLevel: Env['LOG_LEVEL'];
  /** Extra origins allowed to open sockets and call the API; same origin is always allowed. */
  corsOrigins: string[];
  /** When set, GET /metrics requires `Authorization: Bearer <it>`; otherwise it is open (nginx keeps it inside). */
  metricsToken: string | undefined;
  /** Wrong passwords per email and address before that pair is locked out, and for how long. */
  loginMaxFailures: number;
  /** Wrong passwords per email from any addresses, within the same window, before the email itself is locked out. */
  loginAccountMaxFailures: number;
  loginLockoutMs: number;
  /** Sign-in attempts per client address per minute, whatever the email. */
  loginRateLimitPerMinute: number;
  /** Webhook deliveries per sender address per minute; above it the webhook answers 503 so Dialpad retries. */
  webhookRateLimitPerMinute: number;
  /** A signed webhook event older than this, or dated further ahead than `webhookEventMaxFutureMs`, is refused as a replay (400 stale_event). */
  webhookEventMaxAgeMs: number;
  webhookEventMaxFutureMs: number;
  /** A webhook whose event is not committed within this answers 503 overloaded at once (Dialpad retries; its 5 s timeout, nginx's 3 s). */
  webhookCommitBudgetMs: number;
  /**
   * Which peers' X-Forwarded-For is believed (Fastify's trustProxy): by default only a proxy on this
   * machine, so a client cannot pick its own address and slip past the per-address limits.
   */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  /** A request body (but the CSV upload's) must have arrived this long after its headers, or the connection is closed. */
  bodyTimeoutMs: number;
  /** Every request, the CSV upload included, must have arrived in full within this (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** Open connections one client address may hold (a trusted proxy's address is exempt: the proxy limits its clients). */
  maxConnectionsPerAddress: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the environment, reporting every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  // Outside production (and tests, which bring their own) a trial needs no setup: `cti simulate` reads this file.
  const webhookSecret =
    env.DIALPAD_WEBHOOK_SECRET ?? (env.NODE_ENV === 'development' ? localSecret(dataDir, WEBHOOK_SECRET_FILE) : undefined);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    redisUrl: env.REDIS_URL,
    jwtSecret: new TextEncoder().encode(env.JWT_SECRET ?? localSecret(dataDir, 'jwt-secret')),
    dialpadWebhookSecret: webhookSecret,
    dialpadWebhookSecretSource: env.DIALPAD_WEBHOOK_SECRET ? 'environment' : webhookSecret ? 'generated' : 'missing',
    dialpadApiKey: env.DIALPAD_API_KEY,
    dialpadApiBase: env.DIALPAD_API_BASE.replace(/\/+$/, ''),
    dialpadContactsSync: env.DIALPAD_CONTACTS_SYNC,
    initialAdmin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    testCallEnabled: env.NODE_ENV !== 'production' || env.CTI_ENABLE_TEST_CALL,
    testCallRingMs: env.CTI_TEST_CALL_SECONDS * 1000,
    logLevel: env.LOG_LEVEL,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    metricsToken: env.METRICS_TOKEN,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginAccountMaxFailures: env.LOGIN_ACCOUNT_MAX_FAILURES,
    loginLockoutMs: env.LOGIN_LOCKOUT_MINUTES * 60_000,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    webhookRateLimitPerMinute: env.WEBHOOK_RATE_LIMIT_PER_MINUTE,
    webhookEventMaxAgeMs: env.WEBHOOK_EVENT_MAX_AGE_SECONDS * 1000,
    webhookEventMaxFutureMs: env.WEBHOOK_EVENT_MAX_FUTURE_SECONDS * 1000,
    webhookCommitBudgetMs: env.WEBHOOK_COMMIT_BUDGET_MS,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    bodyTimeoutMs: env.HTTP_BODY_TIMEOUT_MS,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    maxConnectionsPerAddress: env.MAX_CONNECTIONS_PER_ADDRESS,
  };
}

/** `true`/`false`, a hop count, or addresses and ranges (`loopback`, `10.0.0.0/8`, ...) as Fastify takes them. */
function parseTrustProxy(value: string): Config['trustProxy'] {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (!/^\d+$/.test(v)) return v;
  // A hop count, as Fastify applies a number (its types only take the function form).
  const hops = Number(v);
  return (_address, hop) => hop < hops;
}

/**
 * Outside production the JWT secret (and, in development, the webhook secret) is generated once and
 * kept beside the data, so sign-ins survive restarts and `cti simulate` can sign with it.
 */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process may have written it first; then its secret is the one to use.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return readFileSync(file, 'utf8').trim();
  }
}
