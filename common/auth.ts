import { z } from 'zod';

export const roleSchema = z.enum(['admin', 'staff']);
export type Role = z.infer<typeof roleSchema>;

/** The signed-in user as the server presents it. */
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

export const loginRequestSchema = z.object({
  // Not z.email(): the generated first admin is admin@localhost, which has no dot in its domain.
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const loginResponseSchema = z.object({ token: z.string(), user: userSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;
