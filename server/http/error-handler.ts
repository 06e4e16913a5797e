import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isUniqueViolation, pgErrorOf } from '../db/errors';
import { type DetailParams, type ErrorDetail, patternName } from '../../common/errors';
import { AppError } from './errors';

/** Codes pg and PGlite use when the database cannot be reached or is shutting down. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300']);

/**
 * Whether `err` is the request stream's own failure because the client went away: Node's http
 * server fails it with ECONNRESET "aborted" (the code a database socket reset has too, so the
 * message tells them apart), streams with a premature close.
 */
function isRequestStreamAbort(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (code === 'ECONNRESET' && message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED';
}

/**
 * Whether the client hung up, or our body timeout cut it off, before its request was read: nobody
 * is left to answer, and nothing is wrong with the server. With the request, any failure of a body
 * that stopped short (e.g. a Content-Length it never reached) counts, but a database failure never does.
 */
export function isClientAbort(err: unknown, raw?: IncomingMessage): boolean {
  if (isRequestStreamAbort(err)) return true;
  return raw !== undefined && raw.destroyed && !raw.complete && !isStorageUnavailable(err);
}

/** Whether an error means the database is unreachable (answer 503 so senders retry). */
export function isStorageUnavailable(err: unknown): boolean {
  if (isRequestStreamAbort(err)) return false;
  const cause = pgErrorOf(err);
  if (!cause) return false;
  if (cause.code !== undefined && UNAVAILABLE_CODES.has(cause.code)) return true;
  const message = cause.message ?? '';
  // "is not queryable": the ROLLBACK Drizzle sends on a client whose server went away fails with it,
  // and replaces the original error.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed|is not queryable/i.test(message);
}

/** What a route's schema refused, as Fastify hands it over (fastify-type-provider-zod copies each zod issue in). */
interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** The unknown fields a union's branches found (zod says only "Invalid input" when no branch fits), as paths below the union. */
function unknownFieldsInUnion(branches: unknown): string[][] {
  if (!Array.isArray(branches)) return [];
  return branches.flat().flatMap((issue: unknown) => {
    const { code, keys, path } = (issue ?? {}) as { code?: unknown; keys?: unknown; path?: unknown };
    if (code !== 'unrecognized_keys' || !Array.isArray(keys) || !Array.isArray(path)) return [];
    return keys.filter((key) => typeof key === 'string').map((key) => [...path.map(String), key]);
  });
}

const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The bounds, format and choices of a zod issue (what it copied into `params`), in the API's words. */
function detailParams(keyword: string, params: Record<string, unknown>): DetailParams | undefined {
  const own = (params.params ?? {}) as Record<string, unknown>;
  const pattern = asString(params.pattern);
  const named = pattern === undefined ? undefined : patternName(pattern);
  const values = Array.isArray(params.values) ? params.values.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String) : undefined;
  const out: DetailParams = {
    minimum: asNumber(params.minimum) ?? asNumber(own.minimum),
    maximum: asNumber(params.maximum) ?? asNumber(own.maximum),
    inclusive: params.inclusive === false ? false : undefined,
    origin: asString(params.origin) ?? asString(own.origin),
    // A pattern of ours by its name (the store code's); any other is just `regex`.
    format: keyword === 'invalid_format' || keyword === 'custom' ? (named ?? asString(params.format) ?? asString(own.format)) : undefined,
    options: keyword === 'invalid_value' ? values : undefined,
    expected: keyword === 'invalid_type' ? asString(params.expected) : undefined,
  };
  const defined = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as DetailParams;
  return Object.keys(defined).length > 0 ? defined : undefined;
}

/** A zod issue's code as the API says it: zod's own kind, or the code a rule named (`password_too_short`, ...). */
function detailCode(issue: SchemaIssue): string {
  const named = (issue.params.params as { code?: unknown } | undefined)?.code;
  if (issue.keyword === 'custom' && typeof named === 'string') return named;
  // zod reports a missing field as a value of the wrong type; to a person it is one left empty.
  if (issue.keyword === 'invalid_type' && /received undefined$/.test(issue.message ?? '')) return 'required';
  return issue.keyword;
}

/**
 * One `{field, message, code, params?}` per problem; an unknown field (zod's `unrecognized_keys`)
 * is `unknown_field`, named by its own path, one per key. `message` stays English (logs, curl);
 * clients word `code` and `params` in their own language.
 */
function validationDetails(context: string | undefined, issues: readonly SchemaIssue[]): ErrorDetail[] {
  const field = (path: string[]) => [context, ...path].filter(Boolean).join('.');
  const unknownField = (path: string[]): ErrorDetail => ({ field: field(path), message: 'unknown field', code: 'unknown_field' });
  return issues.flatMap((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean);
    const keys = issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys) ? issue.params.keys.filter((k) => typeof k === 'string') : [];
    if (keys.length > 0) return keys.map((key) => unknownField([...path, key]));
    const params = detailParams(issue.keyword, issue.params);
    const own: ErrorDetail = { field: field(path), message: issue.message ?? 'is invalid', code: detailCode(issue), ...(params ? { params } : {}) };
    if (issue.keyword !== 'invalid_union') return [own];
    return [own, ...unknownFieldsInUnion(issue.params.errors).map((below) => unknownField([...path, ...below]))];
  });
}

/** Maps any thrown error to the catalogue's `{error, message}` and hides 5xx details. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isRequestStreamAbort(err)) return new AppError('client_closed_request', 'The client closed the request before sending all of it');
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const details = validationDetails(fe.validationContext, fe.validation);
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
  // Counted here rather than in the handler: a client gone before its body was being read (while
  // authenticate waited on the database, say) fails nothing, so no error would ever report it.
  app.addHook('onRequestAbort', async (request) => {
    // Arrived in full: its client left while waiting for the answer, which is not a cut-short request.
    if (request.raw.complete) return;
    // Apart from storage failures: a client on a bad line must not page anyone.
    request.server.metrics.requestAborted(request.routeOptions.url);
    request.log.debug('client closed the request before sending all of it');
  });
  app.setErrorHandler((err, request, reply) => {
    if (isClientAbort(err, request.raw)) {
      // Nobody is left to read this; onRequestAbort has counted and logged it.
      const aborted = new AppError('client_closed_request', 'The client closed the request before sending all of it');
      return reply.status(aborted.status).send(aborted.toJSON());
    }
    const appError = toAppError(err);
    // Every 503 overloaded says when to come back; the rate limit has set its own wait already.
    if (appError.code === 'overloaded' && !reply.hasHeader('retry-after')) void reply.header('retry-after', '1');
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    return reply.status(appError.status).send(appError.toJSON());
  });
}
