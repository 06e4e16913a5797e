import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { halfWidthDigits, maskPhone } from '../../common/phone';
import type { Config } from '../config';

/**
 * A run that may be a phone number: digits (after an optional + or %2B) with at most four
 * separators between them, the ones people and IMEs put inside numbers (spaces, dots, hyphens,
 * dashes, U+2212, the long-vowel mark, brackets, %20). Runs that start inside a word or after a
 * hyphen (UUIDs, ids) are not phone numbers.
 */
const RUN = /(?<![\w%+-])(?:\+|%2B)?[(（]?\d(?:(?:[\s.\-‐‑–—−ー―－()（）]|%20){0,4}\d)*/gi;

/**
 * The E.164-ish form a run stands for when it reads as a phone number, as the customer search
 * reads it: Japanese national digits (0 + 9 to 12 more: a digit too many is still someone's
 * number), 81 without its +, or any + number of 8 to 15 digits. Call ids (16 digits, no 0 or +),
 * epoch times and store prefixes are not.
 */
function phoneIn(run: string): string | null {
  const [, plus, rest = ''] = /^(\+|%2B)?(.*)$/is.exec(run) ?? [];
  const digits = rest.replace(/%20/gi, '').replace(/\D/g, '');
  if (plus) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.startsWith('0')) return digits.length >= 10 && digits.length <= 13 ? digits : null;
  if (digits.startsWith('81')) return digits.length >= 11 && digits.length <= 12 ? `+${digits}` : null;
  return null;
}

/**
 * The run masked; when the whole does not read as one number ("at 1765794600000 090 1234 5678"),
 * its space-separated words are read again, the longest span that is a number first.
 */
function maskRun(run: string): string {
  const whole = phoneIn(run);
  if (whole) return maskPhone(whole);
  const words = run.split(/\s+|%20/i);
  if (words.length < 2) return run;
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let j = words.length;
    while (j > i && !phoneIn(words.slice(i, j).join(''))) j--;
    if (j > i) {
      out.push(maskPhone(phoneIn(words.slice(i, j).join(''))));
      i = j;
    } else {
      out.push(words[i]!);
      i += 1;
    }
  }
  return out.join(' ');
}

/** Every phone number in a text, masked as 090-****-5678 (the last four digits still match calls up). */
export function maskPhonesIn(text: string): string {
  // Full-width digits, as a Japanese IME types them, are numbers too.
  return halfWidthDigits(text).replace(RUN, maskRun);
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
