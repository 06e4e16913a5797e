import { z } from 'zod';

/** A memo as staff see it (the customer page and the popup card). */
export const memoViewSchema = z.object({
  id: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  callId: z.string().nullable(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemoView = z.infer<typeof memoViewSchema>;

export const memoListSchema = z.object({ items: z.array(memoViewSchema), nextCursor: z.string().nullable() });

/** Any string: an id that is not a uuid is simply not found (404), like any other unknown id. */
const idParam = z.string().min(1).max(64);
export const customerParams = z.object({ id: idParam });
export const memoParams = z.object({ id: idParam, memoId: idParam });

const bodyField = z.string().trim().min(1).max(4000);

export const createMemoBody = z.object({
  body: bodyField,
  pinned: z.boolean().default(false),
  /** The call this memo was written during; it must exist. */
  callId: z.string().trim().min(1).max(100).nullish(),
});

export const updateMemoBody = z
  .object({ body: bodyField.optional(), pinned: z.boolean().optional() })
  .refine((b) => b.body !== undefined || b.pinned !== undefined, { message: 'send body or pinned' });

export const listMemosQuery = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const listMemosSchema = { params: customerParams, querystring: listMemosQuery, response: { 200: memoListSchema } };
export const createMemoSchema = { params: customerParams, body: createMemoBody, response: { 201: memoViewSchema } };
export const updateMemoSchema = { params: memoParams, body: updateMemoBody, response: { 200: memoViewSchema } };
/** 204, no body. */
export const deleteMemoSchema = { params: memoParams };
