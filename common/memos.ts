import { z } from 'zod';
import { userRefSchema } from './users';

/** Memos as the API takes and gives them; shared by the server and the web app. */

/** A memo as staff see it (the customer page and the popup card). */
export const memoViewSchema = z.object({
  id: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  callId: z.string().nullable(),
  author: userRefSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemoView = z.infer<typeof memoViewSchema>;

export const memoListSchema = z.object({ items: z.array(memoViewSchema), nextCursor: z.string().nullable() });

const bodyField = z.string().trim().min(1).max(4000);

export const createMemoBody = z.strictObject({
  body: bodyField,
  pinned: z.boolean().default(false),
  /** The call this memo was written during; it must exist. */
  callId: z.string().trim().min(1).max(100).nullish(),
});

/** A memo written on a call's card (POST /api/calls/:callId/memos): the call says whose it is, now or once linked. */
export const createCallMemoBody = createMemoBody.pick({ body: true, pinned: true });

export const updateMemoBody = z
  .strictObject({ body: bodyField.optional(), pinned: z.boolean().optional() })
  .refine((b) => b.body !== undefined || b.pinned !== undefined, { message: 'send body or pinned' });
