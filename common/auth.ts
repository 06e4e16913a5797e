import { z } from 'zod';
import { userSchema } from './users';

export const loginRequestSchema = z.object({
  // Not z.email(): the generated first admin is admin@localhost, which has no dot in its domain.
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const loginResponseSchema = z.object({ token: z.string(), user: userSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;
