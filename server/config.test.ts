import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('configuration', () => {
  const long = 'x'.repeat(32);

  it('refuses short secrets in production, every problem at once', () => {
    const found = problems({ NODE_ENV: 'production', JWT_SECRET: 'short-jwt-secret', DIALPAD_WEBHOOK_SECRET: 'short-webhook-secret' });
    expect(found).toEqual([
      'JWT_SECRET: must be at least 32 characters',
      'DIALPAD_WEBHOOK_SECRET: must be at least 32 characters when NODE_ENV=production',
    ]);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: long, DIALPAD_WEBHOOK_SECRET: long })).toEqual([]);
  });

  it('takes a short webhook secret outside production, where tests and trials use their own', () => {
    expect(problems({ NODE_ENV: 'development', JWT_SECRET: long, DIALPAD_WEBHOOK_SECRET: 'dev-secret' })).toEqual([]);
  });

  it('keeps the body timeout within the request timeout', () => {
    expect(problems({ NODE_ENV: 'test', JWT_SECRET: long, HTTP_BODY_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '2000' })).toEqual([
      'HTTP_BODY_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS',
    ]);
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: long });
    expect([config.bodyTimeoutMs, config.requestTimeoutMs, config.maxConnectionsPerAddress]).toEqual([10_000, 120_000, 256]);
  });
});
