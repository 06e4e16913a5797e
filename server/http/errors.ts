import type { ApiErrorCode } from '../../common/errors';

/** The error catalogue: every error a client can see has an HTTP status and a stable code. */
export const errorCatalogue = {
  validation_failed: 400,
  /** A CSV import over one of its bounds (columns, cell length, rows): `details[0].limit` names it. */
  csv_limit_exceeded: 400,
  malformed_body: 400,
  /** A signed webhook event whose own time is outside the replay window (verify.ts). */
  stale_event: 400,
  invalid_phone: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  webhook_not_configured: 401,
  account_disabled: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** Click-to-call (server/calls/outbound.ts): this account has no Dialpad user to ring. */
  dialpad_user_not_linked: 409,
  /** Dialpad: "User is currently on a call". */
  dialpad_user_busy: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** Dialpad's 5 calls a minute per user; Retry-After says when. */
  dialpad_rate_limited: 429,
  /** Never reaches anyone: the client hung up (or our body timeout cut it off) first. nginx's code for the same. */
  client_closed_request: 499,
  internal_error: 500,
  storage_unavailable: 503,
  /** Too many webhook deliveries at once: 503, not 429, because Dialpad retries 5xx and never 4xx. */
  overloaded: 503,
  not_ready: 503,
  /** No DIALPAD_API_KEY: nothing can be placed through Dialpad. */
  dialpad_not_configured: 503,
  /** Dialpad did not answer, or answered 5xx. */
  dialpad_unreachable: 503,
  /** Dialpad refused the call (the key, the user or the number): its reason is in the message. */
  dialpad_refused: 502,
  // Exactly the codes common/errors.ts lists for clients, no more and no fewer.
} as const satisfies Record<ApiErrorCode, number>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalogue[code];
  }

  toJSON(): ErrorBody {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this'): AppError => new AppError('forbidden', message);
export const unauthorized = (message = 'Sign in first'): AppError => new AppError('unauthorized', message);
/** `details` names the field whose value another record already holds: `[{field, code: 'taken'}]`. */
export const conflict = (message: string, details?: unknown): AppError => new AppError('conflict', message, details);
export const badRequest = (message: string, details?: unknown): AppError =>
  new AppError('validation_failed', message, details);
