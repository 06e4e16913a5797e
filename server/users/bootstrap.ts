import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { usersRepository } from './repository';
import { createUser, UserRuleError } from './service';

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
    'このパスワードは一度だけ表示されます。サインイン後すぐに「アカウント」画面（右上の名前のメニュー）で変更してください。',
    'This password is shown only once. Sign in and change it right away on the Account screen (the menu under your name).',
    '(忘れたとき / if lost: npx cti users reset-password EMAIL)',
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
  try {
    await createUser(db, { email, password, name: '管理者', role: 'admin' });
  } catch (err) {
    // Another process starting at the same time created it first: a losing racer must not fail the start.
    if (err instanceof UserRuleError && err.reason === 'email_taken') return;
    throw err;
  }
  if (!initialAdmin) announce(generatedPasswordNotice(email, password));
}
