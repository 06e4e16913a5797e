import { z } from 'zod';
import { createMemoBody, memoListSchema, memoViewSchema, updateMemoBody } from '../../common/memos';

/** Any string: an id that is not a uuid is simply not found (404), like any other unknown id. */
const idParam = z.string().min(1).max(64);
const customerParams = z.object({ id: idParam });
const memoParams = z.object({ id: idParam, memoId: idParam });

const listMemosQuery = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const listMemosSchema = { params: customerParams, querystring: listMemosQuery, response: { 200: memoListSchema } };
export const createMemoSchema = { params: customerParams, body: createMemoBody, response: { 201: memoViewSchema } };
export const updateMemoSchema = { params: memoParams, body: updateMemoBody, response: { 200: memoViewSchema } };
/** 204, no body. */
export const deleteMemoSchema = { params: memoParams };
