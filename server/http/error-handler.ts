import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isUniqueViolation, pgErrorOf } from '../db/errors';
import { AppError } from './errors';

/** Codes pg and PGlite use when the database cannot be reached or is shutting down. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300']);

/** Whether an error means the database is unreachable (answer 503 so senders retry). */
export function isStorageUnavailable(err: unknown): boolean {
  const cause = pgErrorOf(err);
  if (!cause) return false;
  if (cause.code !== undefined && UNAVAILABLE_CODES.has(cause.code)) return true;
  const message = cause.message ?? '';
  // "is not queryable": the ROLLBACK Drizzle sends on a client whose server went away fails with it,
  // and replaces the original error.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed|is not queryable/i.test(message);
}

/** Maps any thrown error to the catalogue's `{error, message}` and hides 5xx details. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const details = fe.validation.map((v) => ({ field: [fe.validationContext, v.instancePath.replace(/^\//, '').replaceAll('/', '.')].filter(Boolean).join('.'), message: v.message }));
    return new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  if (isResponseSerializationError(fe)) return new AppError('internal_error', 'Something went wrong on our side');
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_body', 'The request body is not valid JSON');
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return new AppError('rate_limited', fe.message);
    default:
      break;
  }
  if (fe instanceof SyntaxError && fe.statusCode === 400) return new AppError('malformed_body', 'The request body is not valid JSON');
  if (isStorageUnavailable(err)) return new AppError('storage_unavailable', 'The database is unavailable; try again shortly');
  const pgCode = pgErrorOf(err)?.code;
  if (isUniqueViolation(err)) return new AppError('conflict', 'This already exists');
  if (pgCode === '23503') return new AppError('validation_failed', 'A referenced record does not exist');
  // Class 22 is a data exception (a value out of range, too long, badly encoded): it came from the caller.
  if (pgCode?.startsWith('22')) return new AppError('validation_failed', 'A value is out of range or malformed');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode === 429 ? 'rate_limited' : fe.statusCode === 413 ? 'payload_too_large' : 'validation_failed', fe.message);
  }
  return new AppError('internal_error', 'Something went wrong on our side');
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    return reply.status(appError.status).send(appError.toJSON());
  });
}
