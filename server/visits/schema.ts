import { z } from 'zod';
import { createVisitBody, updateVisitBody, visitListSchema, visitSummarySchema, visitViewSchema } from '../../common/visits';

/** Any string: an id that is not a uuid is simply not found (404), like any other unknown id. */
const idParam = z.string().min(1).max(64);
const customerParams = z.object({ id: idParam });
const visitParams = z.object({ id: idParam, visitId: idParam });

const listVisitsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const listVisitsSchema = { params: customerParams, querystring: listVisitsQuery, response: { 200: visitListSchema } };
export const visitSummaryRouteSchema = { params: customerParams, response: { 200: visitSummarySchema } };
export const createVisitSchema = { params: customerParams, body: createVisitBody, response: { 201: visitViewSchema } };
export const updateVisitSchema = { params: visitParams, body: updateVisitBody, response: { 200: visitViewSchema } };
/** 204, no body. */
export const deleteVisitSchema = { params: visitParams };
