import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { usersRepository } from './repository';

export const GENERATED_ADMIN_EMAIL = 'admin@localhost';

function generatedPasswordNotice(email: string, password: string): string {
  const rule = '='.repeat(72);
  return [
    rule,
    '最初の管理者アカウントを作成しました。 / Created the first administrator account.',
    '',
    `  メール / email:       ${email}`,
    `  パスワード / password: ${password}`,
    '',
    'このパスワードは一度だけ表示されます。サインイン後すぐに変更してください。',
    'This password is shown only once. Sign in and change it right away.',
    '(ADMIN_EMAIL と ADMIN_PASSWORD を設定すると、空のデータベースでその管理者が作られます。',
    ' Set ADMIN_EMAIL and ADMIN_PASSWORD to choose the first admin of an empty database.)',
    rule,
  ].join('\n');
}

/**
 * On an empty users table, creates the first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * `admin@localhost` with a random password handed to `announce` once. Safe when several
 * processes start together: only the one whose insert lands creates (and announces) it.
 */
export async function ensureFirstAdmin(
  db: Db,
  initialAdmin: { email: string; password: string } | undefined,
  announce: (message: string) => void,
): Promise<void> {
  if ((await usersRepository.count(db)) > 0) return;
  const email = (initialAdmin?.email ?? GENERATED_ADMIN_EMAIL).toLowerCase();
  const password = initialAdmin?.password ?? randomBytes(18).toString('base64url');
  // The repository's insert has no ON CONFLICT, and a losing racer must not fail the start.
  const created = await db
    .insert(users)
    .values({ email, name: '管理者', role: 'admin', passwordHash: await hashPassword(password) })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (created.length > 0 && !initialAdmin) announce(generatedPasswordNotice(email, password));
}
