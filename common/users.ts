import { z } from 'zod';
import { passwordSchema } from './password';

/** Users as the API takes and gives them; shared by the server, the web app and the CLI. */

export const roleSchema = z.enum(['admin', 'staff']);
export type Role = z.infer<typeof roleSchema>;

/** A user as the server presents it (the signed-in user included). */
export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  storeCode: z.string().nullable(),
  dialpadUserId: z.string().nullable(),
  disabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

/** A user as other resources name them (a memo's author, who closed a task). */
export const userRefSchema = z.object({ id: z.string(), name: z.string() });

export const userListSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });
export type UserList = z.infer<typeof userListSchema>;

const nameSchema = z.string().trim().min(1).max(100);
/** Every password a user sets (created, changed by an admin or by oneself): the one rule of common/password. */
export { passwordSchema };
const storeCodeSchema = z.string().min(1).max(100);
const dialpadUserIdSchema = z.string().trim().min(1).max(64).nullable();

const STAFF_NEEDS_STORE = { path: ['storeCode'], message: 'is required for staff', params: { code: 'required' } };

export const createUserBody = z
  .strictObject({
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

export const updateUserBody = z.strictObject({
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  storeCode: storeCodeSchema.nullable().optional(),
  password: passwordSchema.optional(),
  dialpadUserId: dialpadUserIdSchema.optional(),
  /** false re-enables a disabled account. */
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;
