import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { maskPhone } from '../../common/phone';
import type { Config } from '../config';

/**
 * Phone numbers as they turn up in URLs and messages: E.164 (also URL-encoded), Japanese national
 * digits, and the hyphenated and international written forms. Dialpad call ids (16 digits, no
 * leading 0 or +), epoch times and UUIDs (digits after a hyphen or a letter) do not match.
 */
const PHONE_PATTERNS = [
  /(?:\+|%2B)81[- ]?\d{1,4}[- ]?\d{1,4}[- ]?\d{4}(?!\d)/gi,
  /(?<![\d-])(?:\+|%2B)\d{8,15}(?!\d)/gi,
  // Up to 13 digits: a number typed with a digit too many is still someone's number.
  /(?<![\w-])0\d{9,12}(?!\d)/g,
  /(?<![\w-])0\d{1,4}-\d{1,4}-\d{4}(?!\d)/g,
];

/** Every phone number in a text, masked as 090-****-5678 (the last four digits still match calls up). */
export function maskPhonesIn(text: string): string {
  // Full-width digits, as a Japanese IME types them, are numbers too.
  let out = /[０-９＋]/.test(text) ? text.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : text;
  for (const pattern of PHONE_PATTERNS) out = out.replace(pattern, (match) => maskPhone(match.replace(/^%2B/i, '+').replace(/[^\d+]/g, '')));
  return out;
}

/** Query parameters whose values are credentials wherever they appear. */
const SECRET_PARAMS = /^(?:token|access_token|apikey|api_key|key|secret|password|signature)$/i;

/** A request URL fit for the log: credentials in the query redacted, phone numbers masked. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskPhonesIn(url);
  const params = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
    params.append(name, SECRET_PARAMS.test(name) ? '[redacted]' : maskPhonesIn(value));
  }
  return `${maskPhonesIn(url.slice(0, q))}?${params.toString()}`;
}

/**
 * Errors without the data they carry: Drizzle puts every query parameter (phone numbers, names,
 * password hashes) into its message; pg's `detail` repeats the conflicting value.
 */
export function safeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (typeof out !== 'object' || out === null) return out;
  if (err instanceof Error && 'params' in err) {
    // DrizzleQueryError builds its message as `Failed query: ${query}\nparams: ${params}`.
    const paramsLine = `\nparams: ${String(err.params)}`;
    for (const key of ['message', 'stack']) {
      if (typeof out[key] === 'string') out[key] = out[key].replace(paramsLine, '');
    }
    delete out.params;
  }
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = maskPhonesIn(value);
  return out;
}

/** X-Request-Id from nginx (or a caller) when it is a sane token, else a new one: never a way to forge log lines. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = typeof header === 'string' ? header.replace(/[^\w.:@-]/g, '').slice(0, 64) : '';
  return value || randomUUID();
}

/** Sends the request id back, so a person reporting a problem can quote it and it is found in the log. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', request.id);
  });
}

/**
 * pino options: secrets and tokens redacted wherever a logged object carries them, and at every
 * level no full phone number (URLs, messages, errors and top-level fields are masked).
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): pino.LoggerOptions {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-dialpad-signature"]',
        'req.headers.cookie',
        '*.password',
        '*.token',
        '*.secret',
        'password',
        'token',
        'secret',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: safeUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: safeError,
    },
    formatters: {
      log: (object) => {
        // A copy only when something changes: the object is the caller's own.
        let out = object;
        for (const [key, value] of Object.entries(object)) {
          const masked = typeof value === 'string' ? maskPhonesIn(value) : value;
          if (masked !== value) out = { ...out, [key]: masked };
        }
        return out;
      },
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskPhonesIn(arg) : arg));
        method.apply(this, masked as Parameters<pino.LogFn>);
      },
    },
  };
}
