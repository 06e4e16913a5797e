import { OUTBOUND_ERROR_CODES, type OutboundErrorCode } from '../../../../../common/outbound';
import { ApiError } from '../../../lib/api/http';
import type { MessageKey, Translate } from '../../../lib/i18n/i18n';

const KEYS: Record<OutboundErrorCode, MessageKey> = {
  dialpad_user_not_linked: 'outbound.error.dialpad_user_not_linked',
  dialpad_user_busy: 'outbound.error.dialpad_user_busy',
  dialpad_rate_limited: 'outbound.error.dialpad_rate_limited',
  dialpad_not_configured: 'outbound.error.dialpad_not_configured',
  dialpad_unreachable: 'outbound.error.dialpad_unreachable',
  dialpad_refused: 'outbound.error.dialpad_refused',
};

const isOutboundCode = (code: string): code is OutboundErrorCode => (OUTBOUND_ERROR_CODES as readonly string[]).includes(code);

/** Why a call was not placed, in the user's language: one sentence per code the server answers with. */
export function outboundErrorText(t: Translate, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ApiError) || !isOutboundCode(err.code)) return t('outbound.error.other', { message });
  const details = err.details as { retryAfterSeconds?: unknown } | undefined;
  const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
  return t(KEYS[err.code], { seconds, message });
}
