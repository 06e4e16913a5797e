import { z } from 'zod';
import { customerCreateSchema, customerPatchSchema, customerSchema } from '../../common/customers';

/** Route schemas for /api/customers; the shapes themselves live in common/customers.ts (shared with the web app). */

/** Any string: an id that is not a uuid is simply not found (404), like any other unknown id. */
export const customerParams = z.object({ id: z.string().min(1).max(64) });

export const createCustomerSchema = { body: customerCreateSchema, response: { 201: customerSchema } };
export const getCustomerSchema = { params: customerParams, response: { 200: customerSchema } };
export const updateCustomerSchema = { params: customerParams, body: customerPatchSchema, response: { 200: customerSchema } };
/** 204, no body. */
export const deleteCustomerSchema = { params: customerParams };
