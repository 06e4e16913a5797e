import { z } from 'zod';

/** Why people call (予約, キャンセル ...): the chain's list, edited by admins; shared by the server and the web app. */

/** A purpose as a call names it: archived ones stay on the calls tagged with them. */
export const purposeRefSchema = z.object({ id: z.string(), label: z.string() });
export type PurposeRef = z.infer<typeof purposeRefSchema>;

export const purposeViewSchema = purposeRefSchema.extend({
  position: z.number().int(),
  /** Set once archived: no longer offered on the card, still counted on old calls. */
  archivedAt: z.string().nullable(),
});
export type PurposeView = z.infer<typeof purposeViewSchema>;

export const purposeListSchema = z.object({ items: z.array(purposeViewSchema) });
export type PurposeList = z.infer<typeof purposeListSchema>;

const labelSchema = z.string().trim().min(1).max(40);
const positionSchema = z.number().int().min(0).max(1000);

export const createPurposeBody = z.strictObject({ label: labelSchema, position: positionSchema.optional() });
export type CreatePurpose = z.infer<typeof createPurposeBody>;

/** Rename, reorder, archive (true) or bring back (false). */
export const updatePurposeBody = z
  .strictObject({ label: labelSchema.optional(), position: positionSchema.optional(), archived: z.boolean().optional() })
  .refine((b) => b.label !== undefined || b.position !== undefined || b.archived !== undefined, { message: 'send label, position or archived' });
export type UpdatePurpose = z.infer<typeof updatePurposeBody>;

/** PUT /api/calls/:callId/purpose: the call's purpose, or null to clear it. */
export const setCallPurposeBody = z.strictObject({ purposeId: z.uuid().nullable() });
export type SetCallPurpose = z.infer<typeof setCallPurposeBody>;
