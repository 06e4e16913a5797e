import { customerListQuerySchema, customerListSchema } from '../../../common/customers';

/** Route schema for GET /api/customers (search); the shapes live in common/customers.ts. */
export const listCustomersSchema = { querystring: customerListQuerySchema, response: { 200: customerListSchema } };
