import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callReportSchema } from '../../common/reports';
import pkg from '../../package.json' with { type: 'json' };
import { type ErrorCode, errorCatalogue } from '../http/errors';
import { type OperationDoc, operations } from './operations';

export const DOCS_PREFIX = '/api/docs';

/** Routes anyone may call; every other /api route needs `Authorization: Bearer <token>`. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['POST /api/auth/login', 'POST /api/dialpad/webhook', 'GET /healthz', 'GET /readyz', 'GET /metrics']);

/** What a code means to a caller, for the description of each error response. */
const CODE_NOTES: Record<ErrorCode, string> = {
  validation_failed: 'a parameter or the body is invalid; `details` lists `{field, message, code?}`',
  csv_limit_exceeded: 'the CSV is over a bound (columns, cell length, rows); `details[0].limit` names it',
  malformed_body: 'the body cannot be read (not JSON, or not a call event)',
  stale_event: 'the signed event time is outside the replay window',
  invalid_phone: 'a value is not a phone number',
  unauthorized: 'no valid bearer token: sign in again',
  invalid_credentials: 'the email or password is wrong',
  invalid_signature: 'the webhook signature does not verify (Dialpad does not retry)',
  webhook_not_configured: 'the server has no webhook secret',
  account_disabled: 'the account is disabled',
  forbidden: 'your role may not do this',
  not_found: 'no such record, or not one you may see',
  conflict: 'clashes with existing data',
  payload_too_large: 'the body is over the size limit',
  unsupported_media_type: 'send application/json',
  rate_limited: 'too many requests: wait for Retry-After',
  client_closed_request: 'the client closed the request',
  internal_error: 'something went wrong on our side',
  storage_unavailable: 'the database is unavailable: try again shortly',
  overloaded: 'too many deliveries at once: retry after Retry-After (Dialpad retries 5xx)',
  not_ready: 'this node is draining or not ready: retry (Dialpad retries 5xx)',
  dialpad_user_not_linked: 'click-to-call: no Dialpad user is linked to this account (an admin sets it on the user)',
  dialpad_user_busy: 'click-to-call: Dialpad says the user is on a call',
  dialpad_rate_limited: "click-to-call: Dialpad's 5 calls a minute per user; `details.retryAfterSeconds`",
  dialpad_not_configured: 'click-to-call: no DIALPAD_API_KEY, or Dialpad refused it',
  dialpad_unreachable: 'click-to-call: Dialpad did not answer or answered 5xx; try again',
  dialpad_refused: "click-to-call: Dialpad refused the call (the user or the number); its reason is in `message`",
};

const errorBody = (codes: readonly [ErrorCode, ...ErrorCode[]]) =>
  z
    .object({
      error: z.enum(codes).describe('Stable code from the error catalogue (server/http/errors.ts)'),
      message: z.string(),
      details: z.unknown().optional(),
    })
    .describe(codes.map((code) => `\`${code}\`: ${CODE_NOTES[code]}`).join('; '));

/** What the webhook really takes: its route reads the raw body, so it has no body schema of its own. */
const webhookDocs = {
  description:
    'Dialpad call events. Real Dialpad sends a compact HS256 JWT signed with the webhook secret as the body ' +
    '(any Content-Type); the setup guide\'s format is JSON with X-Dialpad-Signature (hex HMAC-SHA256 of the body). ' +
    'Answers 200 for accepted, duplicate and ignored events; 503 means retry (storage unavailable or this node is draining).',
  consumes: ['text/plain', 'application/jwt', 'application/json'],
  body: z.string().describe('A compact JWT (header.claims.signature) whose claims are the Dialpad call event, or the guide\'s JSON'),
  headers: z.object({
    'x-dialpad-signature': z.string().optional().describe('Guide format only: hex HMAC-SHA256 of the raw body'),
  }),
};

/** The import reads the file's bytes itself, so its route has no body schema either. */
const importDocs = {
  consumes: ['text/csv', 'application/octet-stream'],
  body: z.string().describe('The CSV file: a header row (氏名 or name, 電話番号, ...) then one customer a row; UTF-8 or Shift_JIS'),
};

/** /metrics sends text, so its route declares no response schema for the zod serializer to apply. */
const metricsDocs = {
  description: 'Prometheus text format. Open unless METRICS_TOKEN is set (then send it as a bearer token); keep it off the public internet (docs/deploy.md).',
  response: { 200: { description: 'OK', content: { 'text/plain': { schema: z.string() } } } },
};

/** The call report answers JSON or, asked for, CSV: its route declares no response schema, so both are documented here. */
const reportDocs = {
  response: {
    200: { description: 'OK', content: { 'application/json': { schema: callReportSchema }, 'text/csv': { schema: z.string() } } },
  },
};

const EXTRA_DOCS: Record<string, Record<string, unknown> & { response?: Record<string, unknown> }> = {
  'POST /api/dialpad/webhook': webhookDocs,
  'POST /api/customers/import': importDocs,
  'GET /metrics': metricsDocs,
  'GET /api/reports/calls': reportDocs,
};

type Schema = FastifySchema & {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  response?: Record<string, unknown>;
};

/** Whether a route needs a signed-in user: every /api route but the public ones. */
export const isAuthenticatedRoute = (method: string, url: string): boolean =>
  url.startsWith('/api/') && !PUBLIC_ROUTES.has(`${method} ${url}`);

/**
 * Every code an operation can answer: the ones its kind implies (derived from its own schema and
 * whether it needs a sign-in) and the ones the catalogue lists for it.
 */
export function errorCodesOf(method: string, url: string, schema: Schema | undefined, doc: OperationDoc | undefined): ErrorCode[] {
  const codes = new Set<ErrorCode>(['internal_error']);
  if (doc?.database !== false) codes.add('storage_unavailable');
  if (isAuthenticatedRoute(method, url)) ['unauthorized', 'account_disabled'].forEach((c) => codes.add(c as ErrorCode));
  if (schema?.params !== undefined || schema?.querystring !== undefined || schema?.body !== undefined) codes.add('validation_failed');
  if (schema?.body !== undefined) (['malformed_body', 'payload_too_large', 'unsupported_media_type'] as const).forEach((c) => codes.add(c));
  for (const code of doc?.errors ?? []) codes.add(code);
  return [...codes];
}

/** One error response per status, its body's `error` an enum of the codes that status carries. */
function errorResponses(codes: readonly ErrorCode[], declared: Record<string, unknown>): Record<string, unknown> {
  const byStatus = new Map<number, [ErrorCode, ...ErrorCode[]]>();
  for (const code of codes) {
    const status = errorCatalogue[code];
    const list = byStatus.get(status);
    if (list) list.push(code);
    else byStatus.set(status, [code]);
  }
  const out: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    // A route that declares a status itself (/readyz's 503 with its checks) knows that body best.
    if (!(String(status) in declared)) out[String(status)] = errorBody(list);
  }
  return out;
}

/** Adds what the route files need not repeat: a summary, a tag per resource, who may call it, every error it answers. */
function enrich(schema: Schema | undefined, method: string, url: string): Schema {
  const key = `${method} ${url}`;
  const doc = operations[key];
  const extra = EXTRA_DOCS[key];
  const out: Schema = { ...schema, ...extra, response: { ...schema?.response, ...extra?.response } };
  if (doc) {
    out.summary ??= doc.summary;
    if (doc.description !== undefined) out.description = out.description ? `${out.description}\n\n${doc.description}` : doc.description;
  }
  const segments = url.split('/');
  out.tags ??= [segments[1] === 'api' && segments[2] ? segments[2] : 'operations'];
  out.security ??= isAuthenticatedRoute(method, url) ? [{ bearerAuth: [] }] : [];
  const declared = out.response ?? {};
  out.response = { ...declared, ...errorResponses(errorCodesOf(method, url, schema, doc), declared) };
  return out;
}

/** 'Default Response' tells a reader nothing: use the status text where a route gave no description. */
function describeResponses(response: Record<string, unknown> | undefined): void {
  for (const [status, value] of Object.entries(response ?? {})) {
    const text = STATUS_CODES[status];
    if (typeof value === 'object' && value !== null && !('description' in value) && text) Object.assign(value, { description: text });
  }
}

/**
 * The OpenAPI document, generated from the route schemas, at /api/docs/json and browsable at
 * /api/docs. Register before the routes: @fastify/swagger sees only the routes added after it.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'CTI popup API',
        version: pkg.version,
        description: 'Screen pop for Dialpad calls. Errors are `{"error": "<stable_code>", "message": "..."}`. Sign in with POST /api/auth/login and send the token as `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: (input) => {
      const method = Array.isArray(input.route.method) ? String(input.route.method[0]) : input.route.method;
      const result = jsonSchemaTransform({ ...input, schema: enrich(input.schema as Schema | undefined, method, input.url) });
      describeResponses((result.schema as Schema).response);
      return result;
    },
  });
  // The UI's page loads its scripts and styles from /api/docs/static: the app's CSP (script-src 'self') allows it as is.
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: true } });
}
