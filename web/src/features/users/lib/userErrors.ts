import { ApiError } from '../../../lib/api/http';
import type { Translate } from '../../../lib/i18n/i18n';

/** The rules about admins the server names in a 409's details (server/users/routes.ts). */
export type UserRule = 'last_admin' | 'own_account';

export function userRuleOf(error: unknown): UserRule | null {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return null;
  for (const detail of error.details as unknown[]) {
    const code = typeof detail === 'object' && detail !== null ? (detail as { code?: unknown }).code : undefined;
    if (code === 'last_admin' || code === 'own_account') return code;
  }
  return null;
}

/** A refused change to a user said in words, when it was one of the rules about admins; null otherwise. */
export function userRuleText(t: Translate, error: unknown, name: string): string | null {
  const rule = userRuleOf(error);
  switch (rule) {
    case 'last_admin':
      return t('users.lastAdmin', { name });
    case 'own_account':
      return t('users.ownAccount');
    case null:
      return null;
  }
}
