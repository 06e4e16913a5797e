import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config';

/** pino options: secrets and tokens are redacted wherever they appear in a logged object. */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): FastifyServerOptions['logger'] {
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
      ],
      censor: '[redacted]',
    },
  };
}
