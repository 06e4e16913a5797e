import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// PLACEHOLDER: replaced by the real routes.
export const userRoutes: FastifyPluginAsyncZod = async () => {};
