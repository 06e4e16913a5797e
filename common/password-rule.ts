/**
 * The password rule's numbers and words, without the list of common passwords (common/password.ts
 * holds that, and the check): cheap to import where only the numbers are shown, like `cti --help`.
 * Length is counted in characters after NFKC, the form the hash is computed over (server/auth/password.ts).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password is refused: also the stable code the API reports it with (`details[].code`). */
export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_too_common';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  password_too_short: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  password_too_long: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  password_too_common: 'is one of the most common passwords; choose one nobody would guess',
};
