import { z } from 'zod';
import { roleSchema, userSchema } from '../../common/auth';

const nameSchema = z.string().trim().min(1).max(100);
const passwordSchema = z.string().min(8).max(200);
const storeCodeSchema = z.string().min(1).max(100);
const dialpadUserIdSchema = z.string().trim().min(1).max(64).nullable();

const STAFF_NEEDS_STORE = { path: ['storeCode'], message: 'is required for staff' };

export const createUserBody = z
  .object({
    email: z
      .email()
      .max(254)
      .transform((email) => email.toLowerCase()),
    password: passwordSchema,
    name: nameSchema,
    role: roleSchema,
    storeCode: storeCodeSchema.nullish(),
    dialpadUserId: dialpadUserIdSchema.optional(),
  })
  .refine((body) => body.role !== 'staff' || !!body.storeCode, STAFF_NEEDS_STORE);
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  storeCode: storeCodeSchema.nullable().optional(),
  password: passwordSchema.optional(),
  dialpadUserId: dialpadUserIdSchema.optional(),
  /** false re-enables a disabled account. */
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

/** Any string: an id that is not a UUID is simply not found. */
export const userIdParams = z.object({ id: z.string().max(100) });

export const userListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last email of the previous page. */
  cursor: z.string().max(254).optional(),
});

export const userListSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });

export { userSchema };
