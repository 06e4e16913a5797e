import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exportRoutes } from './export-routes';
import { importRoutes } from './import-routes';

/** The CSV import and export under /api/customers, each in its own plugin (the import has its own body parser). */
export const csvRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(importRoutes);
  await app.register(exportRoutes);
};
