/**
 * What an error answer says, for clients to word in their own language: the API's stable codes
 * (server/http/errors.ts gives each its HTTP status) and the shape of one refused field.
 */

export const API_ERROR_CODES = [
  'validation_failed',
  'csv_limit_exceeded',
  'malformed_body',
  'stale_event',
  'invalid_phone',
  'unauthorized',
  'invalid_credentials',
  'invalid_signature',
  'webhook_not_configured',
  'account_disabled',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'client_closed_request',
  'internal_error',
  'storage_unavailable',
  'overloaded',
  'not_ready',
  // Click-to-call through Dialpad (server/calls/outbound.ts).
  'dialpad_user_not_linked',
  'dialpad_user_busy',
  'dialpad_rate_limited',
  'dialpad_not_configured',
  'dialpad_unreachable',
  'dialpad_refused',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * Why one field was refused (`details[].code`). zod's own issue kinds, named as zod names them,
 * then the API's: a field the body may not have, a value another record already holds, a
 * reference to nothing, ... A rule in common/ may name its own (common/password's `password_too_short`).
 */
export const DETAIL_CODES = [
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'not_multiple_of',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'custom',
  'unknown_field',
  /** Already used by another record (a store's code, a user's email, a prefix, a Dialpad id). */
  'taken',
  /** Names a record that does not exist (a store code, a call id, a cursor). */
  'unknown',
  'not_a_phone',
  'required',
  'wrong_password',
  'same_customer',
  'not_a_date',
  'too_early',
  'in_future',
  'password_too_short',
  'password_too_long',
  'password_too_common',
  /** The change would leave no active admin (disabling or demoting the last one). */
  'last_admin',
  /** An admin may not disable their own account. */
  'own_account',
  /** A store's opening hours (common/business-hours.ts): not HH:MM, closing before opening, overlapping ranges, an unknown zone. */
  'invalid_time',
  'close_before_open',
  'ranges_overlap',
  'invalid_time_zone',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];

/** The bounds and choices a refusal had in mind, where it had them. */
export interface DetailParams {
  minimum?: number;
  maximum?: number;
  /** false when the bound itself is refused too (`> 0` rather than `>= 0`). */
  inclusive?: false;
  /** What kind of value was measured: `string` (characters), `number`, `array` (items), `date`, ... */
  origin?: string;
  /** `email`, `uuid`, `datetime`, `date`, or a pattern named below (`store_code`, `phone_prefix`). */
  format?: string;
  options?: string[];
  expected?: string;
}

/** One entry of `details[]` on a 400 (or on a 409 that knows its field). `message` stays English, for logs and curl. */
export interface ErrorDetail {
  field: string;
  message?: string;
  code?: string;
  params?: DetailParams;
}

/** Patterns the API names when a value does not match, so that a client can say what was wanted. */
export const NAMED_PATTERNS = {
  store_code: /^[a-z0-9][a-z0-9-]{0,39}$/,
  phone_prefix: /^0\d{1,10}$/,
} as const;
export type PatternName = keyof typeof NAMED_PATTERNS;

/** The name of a pattern as zod reports it (`String(regex)`), if it is one of ours. */
export function patternName(pattern: string): PatternName | undefined {
  return (Object.keys(NAMED_PATTERNS) as PatternName[]).find((name) => String(NAMED_PATTERNS[name]) === pattern);
}
