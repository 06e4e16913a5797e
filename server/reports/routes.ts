import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callReportSchema } from '../../common/reports';
import { authorize } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import { purposesRepository } from '../purposes/repository';
import { buildCallReport, callReportCsv } from './report';
import { callReportRows } from './repository';
import { callReportQuery } from './schema';

/** Whether the client asked for CSV: `?format=csv`, or an Accept that names text/csv before JSON. */
function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return (accept ?? '').split(',').some((part) => part.trim().toLowerCase().startsWith('text/csv'));
}

/** GET /api/reports/calls: calls per store and day, and why they called; admins every store, staff their own. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);

  // No response schema: the answer is JSON or CSV (server/docs/openapi.ts documents both); the JSON is parsed against the contract.
  app.get('/calls', { schema: { querystring: callReportQuery } }, async (request, reply) => {
    const user = currentUser(request);
    const q = request.query;
    // Asking for another store is refused; staff who ask for none get their own.
    authorize(user, 'reports:read', q.store !== undefined ? { storeCode: q.store } : {});
    // Null: every store (admins). Staff always read their own store's figures.
    const storeCode = user.role === 'admin' ? (q.store ?? null) : (user.storeCode ?? '');
    const [rows, purposes] = await Promise.all([
      callReportRows(app.db, { from: q.from, to: q.to, storeCode }),
      purposesRepository.list(app.db),
    ]);
    const report = buildCallReport(q.from, q.to, rows, purposes);
    if (!wantsCsv(q.format, request.headers.accept)) return callReportSchema.parse(report);
    const suffix = q.from === q.to ? q.from.replaceAll('-', '') : `${q.from.replaceAll('-', '')}-${q.to.replaceAll('-', '')}`;
    return reply
      .type(`text/csv; charset=${q.encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`)
      .header('content-disposition', `attachment; filename="calls-${suffix}.csv"`)
      .header('cache-control', 'no-store')
      .send(callReportCsv(report, q.encoding));
  });
};
