import { z } from 'zod';
import { businessHoursSchema, businessHoursViewSchema } from './business-hours';
import { NAMED_PATTERNS } from './errors';
import { DASHES, halfWidthDigits, toE164 } from './phone';

/** Stores as the API takes and gives them; shared by the server, the web app and the CLI. */

/** A store as other resources name it (a call, a visit, a call-back task). */
export const storeRefSchema = z.object({ code: z.string(), name: z.string() });
export type StoreRef = z.infer<typeof storeRefSchema>;

/** Hyphens, dashes, spaces and brackets people type inside numbers (ASCII, full-width and IME variants). */
const SEPARATORS = new RegExp(`[\\s\\-${DASHES}()（）]`, 'g');

/** `050-1748`, `０５０１７４８` and `+81 50 1748` all become `0501748`, the national digits calls are matched on. */
export function normalizePrefix(input: string): string {
  const digits = halfWidthDigits(input).replace(SEPARATORS, '');
  return digits.startsWith('+81') ? `0${digits.slice(3)}` : digits;
}

export const phonePrefixSchema = z
  .string()
  .max(40)
  .transform(normalizePrefix)
  .pipe(z.string().regex(NAMED_PATTERNS.phone_prefix, 'must be 2 to 11 digits of a national number starting with 0, e.g. 0501748'));

/** Normalized and de-duplicated, so `050-1748` and `0501748` in one request count once. */
const phonePrefixesSchema = z
  .array(phonePrefixSchema)
  .max(100)
  .transform((prefixes) => [...new Set(prefixes)]);

export const storeCodeSchema = z
  .string()
  .regex(NAMED_PATTERNS.store_code, 'must be 1 to 40 lowercase letters, digits or hyphens, e.g. nishifuna');

const storeNameSchema = z.string().trim().min(1).max(100);
const dialpadOfficeIdSchema = z.string().trim().min(1).max(64).nullable();
/** The number calls placed for the store show (Dialpad's outbound_caller_id), in any form; stored as E.164. */
const outboundCallerIdSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => toE164(v) ?? (ctx.addIssue({ code: 'custom', message: 'must be a phone number, e.g. 050-1748-1234' }), z.NEVER))
  .nullable();

export const createStoreBody = z.strictObject({
  code: storeCodeSchema,
  name: storeNameSchema,
  phonePrefixes: phonePrefixesSchema.default([]),
  dialpadOfficeId: dialpadOfficeIdSchema.optional(),
  outboundCallerId: outboundCallerIdSchema.optional(),
  /** Opening hours; null or absent: none set (every call counts as during hours). */
  hours: businessHoursSchema.nullable().optional(),
});
export type CreateStoreBody = z.infer<typeof createStoreBody>;

/** The code is not editable: it names the staff's socket room and appears in links. */
export const updateStoreBody = z.strictObject({
  name: storeNameSchema.optional(),
  phonePrefixes: phonePrefixesSchema.optional(),
  dialpadOfficeId: dialpadOfficeIdSchema.optional(),
  outboundCallerId: outboundCallerIdSchema.optional(),
  /** Replaces the hours as a whole; null clears them. */
  hours: businessHoursSchema.nullable().optional(),
});
export type UpdateStoreBody = z.infer<typeof updateStoreBody>;

export const storeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  phonePrefixes: z.array(z.string()),
  dialpadOfficeId: z.string().nullable(),
  outboundCallerId: z.string().nullable(),
  hours: businessHoursViewSchema.nullable(),
});
export type Store = z.infer<typeof storeSchema>;

export const storeListSchema = z.object({ items: z.array(storeSchema), nextCursor: z.string().nullable() });
export type StoreList = z.infer<typeof storeListSchema>;
