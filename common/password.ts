import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from './password-rule';

/**
 * The one password rule, wherever a password is set (POST/PATCH /api/users, POST /api/auth/password,
 * `cti users`, ADMIN_PASSWORD) and in the web forms that set one, so they all refuse the same thing.
 */
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem };

let common: Set<string> | undefined;
/**
 * zxcvbn-ts's list of about 49,000 leaked passwords (the ones guessers try first), kept only at the
 * lengths this rule would otherwise accept; built on first use, since most processes never set a password.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(
    dictionary['passwords-common'].map((p) => p.normalize('NFKC').toLowerCase()).filter((p) => [...p].length >= PASSWORD_MIN_LENGTH),
  );
  return common;
}

/** What is wrong with a password, or null when the rule accepts it. The list is checked case-insensitively. */
export function passwordProblem(password: string): PasswordProblem | null {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  if (commonPasswords().has(normalized.trim().toLowerCase())) return 'password_too_common';
  return null;
}

/** The rule as a zod schema; a refused password is one issue whose `params.code` is its PasswordProblem. */
export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM_MESSAGES[problem], params: { code: problem } });
});
