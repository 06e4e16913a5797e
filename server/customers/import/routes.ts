import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { toAppError } from '../../http/error-handler';
import { badRequest } from '../../http/errors';
import { type ImportOptions, prepareCsvImport, runCsvImport } from './import';
import { importSchema } from './schema';

/** 10,000 rows are about 1 MB; 20 MB leaves room for long notes without letting anyone fill the memory. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/** POST /api/customers/import (admins): the body is the CSV file itself, in any content type. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: the file's bytes arrive as they are (text/csv, octet-stream, whatever a
  // browser or curl --data-binary says), and the JSON parser of the rest of the API is untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  // A 20 MB file on a shop's uplink takes longer than the body timeout; the request timeout bounds it.
  app.post('/import', { onRequest: authenticate, bodyLimit: IMPORT_BODY_LIMIT, config: { largeBody: true }, schema: importSchema }, async (request, reply) => {
    const user = currentUser(request);
    authorize(user, 'customers:import');
    const body: unknown = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('The file is empty', [{ field: 'body', message: 'Empty file' }]);
    // Refused here, before a stream opens, so a file that cannot be imported is a plain 400.
    const prepared = await prepareCsvImport(body);
    const { dryRun, notes, tags } = request.query;
    const options: ImportOptions = { dryRun, notes, tags, userId: user.id, syncContacts: app.config.dialpadContactsSync };
    if (!request.headers.accept?.includes('application/x-ndjson')) return runCsvImport(app.db, prepared, options);

    const stream = new PassThrough();
    const send = (line: object) => stream.write(`${JSON.stringify(line)}\n`);
    void runCsvImport(app.db, prepared, { ...options, onProgress: (p) => send({ type: 'progress', ...p }) })
      .then(
        (result) => send({ type: 'result', ...result }),
        (err: unknown) => {
          // The status line has gone out: the failure is the stream's last line.
          const error = toAppError(err);
          if (error.status >= 500) request.log.error({ err }, 'customer import failed');
          send({ type: 'error', ...error.toJSON() });
        },
      )
      .finally(() => stream.end());
    // Fastify pipes a stream as it is (only objects are serialized); the response schema types the JSON answer, hence the cast.
    return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(stream as never);
  });
};
