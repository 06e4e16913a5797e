import { z } from 'zod';

/** Numbers blocked in Dialpad (`/api/blocked-numbers`): what the web sends and what it gets back. */

export const blockNumberBody = z.strictObject({
  /** Any form people type (090-1234-5678, +81 90 …); must read as a phone number. */
  number: z.string().trim().min(1).max(40),
  /** Why, for the other admins (迷惑電話 …). */
  reason: z.string().trim().max(500).optional(),
  /** The customer whose number it is, when blocked from their page. */
  customerId: z.uuid().optional(),
});
export type BlockNumberBody = z.infer<typeof blockNumberBody>;

export const blockedNumberViewSchema = z.object({
  id: z.string(),
  /** +819012345678 */
  e164: z.string(),
  /** National form: 09012345678. */
  phone: z.string(),
  reason: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  blockedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  blockedAt: z.string(),
});
export type BlockedNumberView = z.infer<typeof blockedNumberViewSchema>;

export const blockedNumberListSchema = z.object({ items: z.array(blockedNumberViewSchema), nextCursor: z.null() });
export type BlockedNumberList = z.infer<typeof blockedNumberListSchema>;
