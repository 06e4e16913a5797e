/**
 * The sign-in limits a guesser with many addresses meets: wrong passwords are counted per account
 * across every address, and an IPv6 client is one address per /64 (a subscriber holds a whole /64).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLockout } from '../../server/auth/lockout';
import { startTestApp, type TestApp } from '../support/app';
import { buildUser } from '../support/factories';

/** A sign-in from `ip` as nginx on this machine reports it (TRUST_PROXY defaults to loopback). */
function login(t: TestApp, email: string, password: string, forwardedFor: string): Promise<Response> {
  return fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password }),
  });
}

describe('the per-account limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('locks an email after 30 wrong passwords from 30 addresses, even for the right password from a 31st; others are untouched', async () => {
    const user = await buildUser(t.db);
    const bystander = await buildUser(t.db);
    for (let i = 0; i < 30; i++) expect((await login(t, user.email, `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    const locked = await login(t, user.email, user.password, '203.0.113.77');
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // Unknown emails are counted alike (a lock tells nothing), and another account is not locked.
    expect((await login(t, bystander.email, bystander.password, '203.0.113.77')).status).toBe(200);
  });

  it('is not reset by the real user signing in, which would hand the guesser a fresh allowance', () => {
    const lockout = createLoginLockout({ maxFailures: 10, accountMaxFailures: 30, windowMs: 900_000, lockMs: 900_000 });
    for (let i = 0; i < 29; i++) lockout.recordFailure('a@x.jp', `10.0.${i}.1`, 1_000 + i);
    lockout.reset('a@x.jp', '192.0.2.1');
    expect(lockout.recordFailure('A@X.jp', '10.9.9.9', 2_000)).toBe(900_000);
    expect(lockout.lockedFor('a@x.jp', '192.0.2.1', 2_001)).toBe(899_999);
    // Failures older than the window no longer count.
    expect(lockout.lockedFor('a@x.jp', '192.0.2.1', 2_000 + 900_000)).toBe(0);
  });
});

describe('IPv6 clients, by their /64', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '12' });
  });
  afterAll(() => t.close());

  it('share one wrong-password lockout across the addresses of a /64, not with the next /64', async () => {
    const user = await buildUser(t.db);
    for (let i = 0; i < 10; i++) expect((await login(t, user.email, `wrong-${i}`, `2001:db8:5:6::${(i + 1).toString(16)}`)).status).toBe(401);
    expect((await login(t, user.email, user.password, '2001:db8:5:6:ffff:ffff:ffff:ffff')).status).toBe(429);
    expect((await login(t, user.email, user.password, '2001:db8:5:7::1')).status).toBe(200);
  });

  it('share one per-address sign-in rate limit across a /64', async () => {
    for (let i = 0; i < 12; i++) expect((await login(t, `nobody-${i}@example.jp`, 'whatever-password', `2001:db8:9:9::${i + 1}`)).status).toBe(401);
    const limited = await login(t, 'nobody-else@example.jp', 'whatever-password', '2001:db8:9:9:abcd::1');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    expect((await login(t, 'nobody-else@example.jp', 'whatever-password', '2001:db8:9:a::1')).status).toBe(401);
  });
});
