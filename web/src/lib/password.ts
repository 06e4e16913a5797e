import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem, passwordProblem } from '../../../common/password';
import { ApiError } from './api/http';
import type { Translate } from './i18n/i18n';

/** The server's rule said in the user's language (common/password.ts decides; this only words it). */
export function passwordProblemText(t: Translate, problem: PasswordProblem): string {
  switch (problem) {
    case 'password_too_short':
      return t('password.tooShort', { min: PASSWORD_MIN_LENGTH });
    case 'password_too_long':
      return t('password.tooLong', { max: PASSWORD_MAX_LENGTH });
    case 'password_too_common':
      return t('password.tooCommon');
  }
}

/** Why a password typed into a form would be refused, worded; null when the rule accepts it. */
export function passwordError(t: Translate, password: string): string | null {
  const problem = passwordProblem(password);
  return problem ? passwordProblemText(t, problem) : null;
}

const PROBLEMS = new Set<string>(['password_too_short', 'password_too_long', 'password_too_common'] satisfies PasswordProblem[]);

/** The password problem an API refusal names in its details (`{field, message, code}`), if any. */
export function apiPasswordProblem(error: unknown): PasswordProblem | null {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return null;
  for (const detail of error.details as unknown[]) {
    const code = typeof detail === 'object' && detail !== null ? (detail as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && PROBLEMS.has(code)) return code as PasswordProblem;
  }
  return null;
}
