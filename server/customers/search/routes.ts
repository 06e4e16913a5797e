import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy';
import { authenticate, currentUser } from '../../auth/session';
import { parsePhone } from '../input';
import { presentCustomerListItem } from '../presenter';
import { searchCustomers } from './repository';
import { listCustomersSchema } from './schema';
import { externalIdTerms, parseSearchTerm } from './term';

/** GET /api/customers: search by name, kana, phone fragment or exact 会員番号 (`?q=`), or the holders of a number (`?phone=`). */
export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { onRequest: authenticate, schema: listCustomersSchema }, async (request) => {
    authorize(currentUser(request), 'customers:read');
    const { q, phone, cursor, limit } = request.query;
    const page = await searchCustomers(app.db, {
      term: parseSearchTerm(q),
      externalIds: externalIdTerms(q),
      phoneE164: phone === undefined || phone.trim() === '' ? undefined : parsePhone(phone, 'querystring.phone'),
      cursor: cursor || undefined,
      limit,
    });
    return { items: page.records.map(presentCustomerListItem), nextCursor: page.nextCursor };
  });
};
