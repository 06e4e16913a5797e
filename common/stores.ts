import { z } from 'zod';
import { DASHES, halfWidthDigits } from './phone';

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
  .pipe(z.string().regex(/^0\d{1,10}$/, 'must be 2 to 11 digits of a national number starting with 0, e.g. 0501748'));

/** Normalized and de-duplicated, so `050-1748` and `0501748` in one request count once. */
const phonePrefixesSchema = z
  .array(phonePrefixSchema)
  .max(100)
  .transform((prefixes) => [...new Set(prefixes)]);

export const storeCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or hyphens, e.g. nishifuna');

const storeNameSchema = z.string().trim().min(1).max(100);
const dialpadOfficeIdSchema = z.string().trim().min(1).max(64).nullable();

export const createStoreBody = z.strictObject({
  code: storeCodeSchema,
  name: storeNameSchema,
  phonePrefixes: phonePrefixesSchema.default([]),
  dialpadOfficeId: dialpadOfficeIdSchema.optional(),
});
export type CreateStoreBody = z.infer<typeof createStoreBody>;

/** The code is not editable: it names the staff's socket room and appears in links. */
export const updateStoreBody = z.strictObject({
  name: storeNameSchema.optional(),
  phonePrefixes: phonePrefixesSchema.optional(),
  dialpadOfficeId: dialpadOfficeIdSchema.optional(),
});
export type UpdateStoreBody = z.infer<typeof updateStoreBody>;

export const storeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  phonePrefixes: z.array(z.string()),
  dialpadOfficeId: z.string().nullable(),
});
export type Store = z.infer<typeof storeSchema>;

export const storeListSchema = z.object({ items: z.array(storeSchema), nextCursor: z.string().nullable() });
export type StoreList = z.infer<typeof storeListSchema>;
