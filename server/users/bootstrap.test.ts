import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database';
import { buildUser } from '../../test/support/factories';
import { verifyPassword } from '../auth/password';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { GENERATED_ADMIN_EMAIL, ensureFirstAdmin } from './bootstrap';
import { usersRepository } from './repository';

describe('ensureFirstAdmin', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());
  // Each case starts from an empty users table, the only state the bootstrap looks at.
  beforeEach(async () => {
    await database.db.delete(users);
  });

  it('creates admin@localhost with a random password, announced once in Japanese and English', async () => {
    const messages: string[] = [];
    await ensureFirstAdmin(database.db, undefined, (m) => messages.push(m));
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    const password = /password: +(\S+)/.exec(message)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(message).toContain(GENERATED_ADMIN_EMAIL);
    expect(message).toContain('変更してください');
    expect(message).toContain('change it');

    const admin = await usersRepository.findByEmail(database.db, GENERATED_ADMIN_EMAIL);
    expect(admin).toMatchObject({ role: 'admin', disabledAt: null, storeId: null });
    expect(await verifyPassword(password!, admin!.passwordHash)).toBe(true);

    await ensureFirstAdmin(database.db, undefined, (m) => messages.push(m));
    expect(messages).toHaveLength(1);
    expect(await usersRepository.count(database.db)).toBe(1);
  });

  it('uses ADMIN_EMAIL and ADMIN_PASSWORD when given, and announces no password', async () => {
    const messages: string[] = [];
    await ensureFirstAdmin(database.db, { email: 'Owner@Example.jp', password: 'owner-password-1' }, (m) => messages.push(m));
    expect(messages).toEqual([]);
    const admin = await usersRepository.findByEmail(database.db, 'owner@example.jp');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword('owner-password-1', admin!.passwordHash)).toBe(true);
  });

  it('does nothing when any user exists', async () => {
    await buildUser(database.db, { role: 'staff' });
    const messages: string[] = [];
    await ensureFirstAdmin(database.db, { email: 'owner@example.jp', password: 'owner-password-1' }, (m) => messages.push(m));
    await ensureFirstAdmin(database.db, undefined, (m) => messages.push(m));
    expect(messages).toEqual([]);
    expect(await usersRepository.count(database.db)).toBe(1);
  });

  it('creates one admin and one announcement when two starts race', async () => {
    const messages: string[] = [];
    await Promise.all([
      ensureFirstAdmin(database.db, undefined, (m) => messages.push(m)),
      ensureFirstAdmin(database.db, undefined, (m) => messages.push(m)),
    ]);
    expect(await usersRepository.count(database.db)).toBe(1);
    expect(messages).toHaveLength(1);
    const admin = await usersRepository.findByEmail(database.db, GENERATED_ADMIN_EMAIL);
    const password = /password: +(\S+)/.exec(messages[0]!)?.[1] ?? '';
    expect(await verifyPassword(password, admin!.passwordHash)).toBe(true);
  });
});
