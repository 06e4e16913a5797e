import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { todayInJapan } from '../../../common/customers';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { exportCustomersCsv } from './export';
import { exportSchema } from './schema';

/** GET /api/customers/export (admins): every customer as CSV, streamed, in the import's columns. */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/export', { onRequest: authenticate, schema: exportSchema }, async (request, reply) => {
    authorize(currentUser(request), 'customers:export');
    const { encoding } = request.query;
    const filename = `customers-${todayInJapan().replaceAll('-', '')}.csv`;
    return reply
      .type(`text/csv; charset=${encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportCustomersCsv(app.db, encoding)));
  });
};
