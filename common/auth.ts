import { z } from 'zod';
import { passwordSchema, userSchema } from './users';

export const loginRequestSchema = z.strictObject({
  // Not z.email(): the generated first admin is admin@localhost, which has no dot in its domain.
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const loginResponseSchema = z.object({ token: z.string(), user: userSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** POST /api/auth/password: one's own password; the answer is a fresh sign-in, every earlier one ends. */
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
