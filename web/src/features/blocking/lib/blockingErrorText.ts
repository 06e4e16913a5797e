import { ApiError } from '../../../lib/api/http';
import type { MessageKey, Translate } from '../../../lib/i18n/i18n';

const KEYS: Partial<Record<string, MessageKey>> = {
  dialpad_not_configured: 'blocking.error.dialpad_not_configured',
  dialpad_unreachable: 'blocking.error.dialpad_unreachable',
  dialpad_rate_limited: 'blocking.error.dialpad_rate_limited',
  dialpad_refused: 'blocking.error.dialpad_refused',
  conflict: 'blocking.error.conflict',
  invalid_phone: 'blocking.error.invalid_phone',
};

/** Why a block or unblock did not happen, in the user's language (Dialpad's own reason kept for dialpad_refused). */
export function blockingErrorText(t: Translate, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const key = err instanceof ApiError ? KEYS[err.code] : undefined;
  if (!key) return t('blocking.error.other', { message });
  const details = (err as ApiError).details as { retryAfterSeconds?: unknown } | undefined;
  const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
  return t(key, { seconds, message });
}
