import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { WEBHOOK_SECRET_FILE } from './local-state';

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

  it('generates a webhook secret into DATA_DIR in development only, once, and says where it came from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cti-config-'));
    try {
      const file = join(dir, WEBHOOK_SECRET_FILE);
      const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir, JWT_SECRET: long });
      expect(first.dialpadWebhookSecretSource).toBe('generated');
      expect(first.dialpadWebhookSecret).toMatch(/^[\w-]{64}$/);
      expect(readFileSync(file, 'utf8')).toBe(first.dialpadWebhookSecret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Kept: a restart signs with the same one, and so does `cti simulate`.
      expect(loadConfig({ DATA_DIR: dir, JWT_SECRET: long }).dialpadWebhookSecret).toBe(first.dialpadWebhookSecret);
      // The environment's wins, and the file is not read.
      expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir, JWT_SECRET: long, DIALPAD_WEBHOOK_SECRET: 'from-env' })).toMatchObject({
        dialpadWebhookSecret: 'from-env',
        dialpadWebhookSecretSource: 'environment',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['production', 'test'])('generates no webhook secret when NODE_ENV=%s: production must be given the real one', (nodeEnv) => {
    const dir = mkdtempSync(join(tmpdir(), 'cti-config-'));
    try {
      const config = loadConfig({ NODE_ENV: nodeEnv, DATA_DIR: dir, JWT_SECRET: long });
      expect(config).toMatchObject({ dialpadWebhookSecret: undefined, dialpadWebhookSecretSource: 'missing' });
      expect(existsSync(join(dir, WEBHOOK_SECRET_FILE))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a test call ring for CTI_TEST_CALL_SECONDS (10 by default)', () => {
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: long }).testCallRingMs).toBe(10_000);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: long, CTI_TEST_CALL_SECONDS: '2' }).testCallRingMs).toBe(2_000);
    expect(problems({ NODE_ENV: 'test', JWT_SECRET: long, CTI_TEST_CALL_SECONDS: '0' })).toEqual(['CTI_TEST_CALL_SECONDS: Too small: expected number to be >=1']);
  });
});
