import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };

export const DOCS_PREFIX = '/api/docs';

/** Routes anyone may call; every other /api route needs `Authorization: Bearer <token>`. */
const PUBLIC_ROUTES = new Set(['POST /api/auth/login', 'POST /api/dialpad/webhook', 'GET /healthz', 'GET /readyz', 'GET /metrics']);

const errorBody = (description: string) =>
  z
    .object({
      error: z.string().describe('Stable code from the error catalogue (server/http/errors.ts)'),
      message: z.string(),
      details: z.unknown().optional(),
    })
    .describe(description);

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
  response: {
    400: errorBody('malformed_body: not a call event'),
    401: errorBody('invalid_signature or webhook_not_configured: never retried by Dialpad'),
    413: errorBody('payload_too_large'),
    503: errorBody('storage_unavailable or not_ready: Dialpad retries'),
  },
};

/** /metrics sends text, so its route declares no response schema for the zod serializer to apply. */
const metricsDocs = {
  description: 'Prometheus text format. Open unless METRICS_TOKEN is set (then send it as a bearer token); keep it off the public internet (docs/deploy.md).',
  response: { 200: { description: 'OK', content: { 'text/plain': { schema: z.string() } } } },
};

const EXTRA_DOCS: Record<string, { response: Record<string, unknown> } & Record<string, unknown>> = {
  'POST /api/dialpad/webhook': webhookDocs,
  'GET /metrics': metricsDocs,
};

type Schema = FastifySchema & { tags?: string[]; security?: Record<string, string[]>[]; response?: Record<string, unknown> };

/** Adds what the route files need not repeat: a tag per resource, who may call it, the error shape. */
function enrich(schema: Schema | undefined, method: string, url: string): Schema {
  const key = `${method} ${url}`;
  const out: Schema = { ...schema, ...EXTRA_DOCS[key], response: { ...schema?.response, ...EXTRA_DOCS[key]?.response } };
  const segments = url.split('/');
  out.tags ??= [segments[1] === 'api' && segments[2] ? segments[2] : 'operations'];
  const isPublic = PUBLIC_ROUTES.has(key);
  out.security ??= isPublic || !url.startsWith('/api/') ? [] : [{ bearerAuth: [] }];
  const response = { ...out.response };
  const declared = Object.keys(response);
  if (!declared.some((s) => s.startsWith('4'))) response['4XX'] = errorBody('A client error (validation_failed, unauthorized, forbidden, not_found, conflict...)');
  if (!declared.some((s) => s.startsWith('5'))) response['5XX'] = errorBody('internal_error, or storage_unavailable (503): try again');
  out.response = response;
  return out;
}

/** 'Default Response' tells a reader nothing: use the status text where a route gave no description. */
function describeResponses(response: Record<string, unknown> | undefined): void {
  for (const [status, value] of Object.entries(response ?? {})) {
    const text = STATUS_CODES[status] ?? (status === '4XX' ? 'Client error' : status === '5XX' ? 'Server error' : undefined);
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
