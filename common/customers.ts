import { z } from 'zod';

/** Customer records as the API takes and gives them; shared by the server and the web app. */

export const PHONE_LABELS = ['mobile', 'home', 'work', 'other'] as const;
export const phoneLabelSchema = z.enum(PHONE_LABELS);
export type PhoneLabel = z.infer<typeof phoneLabelSchema>;

/**
 * A phone as people write it: "090-1234-5678", "09012345678", "+81 90 1234 5678", full-width
 * digits, or `{number, label}`. Whether it can be a number is checked by the server (400 invalid_phone).
 */
export const phoneInputSchema = z.union([
  z.string().trim().min(1).max(40),
  z.object({ number: z.string().trim().min(1).max(40), label: phoneLabelSchema.optional() }),
]);
export type PhoneInput = z.infer<typeof phoneInputSchema>;

/** Today in Japan (YYYY-MM-DD), where the stores are: a birthday may be today there but not later. */
export function todayInJapan(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "" (a cleared form field) and null both mean "none". */
const emailField = z
  .string()
  .trim()
  .max(254)
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Not an email address')
  .nullable()
  .transform((v) => (v ? v : null));

const isDate = (v: string): boolean => z.iso.date().safeParse(v).success;
const birthdayField = z
  .string()
  .trim()
  .refine((v) => v === '' || isDate(v), 'Write a real date as YYYY-MM-DD')
  .refine((v) => !isDate(v) || v >= '1900-01-01', 'Too far in the past')
  .refine((v) => !isDate(v) || v <= todayInJapan(), 'Must not be in the future')
  .nullable()
  .transform((v) => (v ? v : null));

const tagsField = z
  .array(z.string().trim().min(1).max(50))
  .max(30)
  .transform((tags) => [...new Set(tags)]);

const fields = {
  name: z.string().trim().min(1).max(100),
  /** Reading in kana (フリガナ), any width or script; search folds them. */
  nameKana: z.string().trim().max(100),
  phones: z.array(phoneInputSchema).max(10),
  email: emailField,
  birthday: birthdayField,
  homeStoreCode: z.string().trim().min(1).max(50).nullable(),
  tags: tagsField,
  caution: z.boolean(),
  cautionReason: z.string().trim().max(500),
  notes: z.string().max(10_000),
};

export const customerCreateSchema = z.object({
  name: fields.name,
  nameKana: fields.nameKana.default(''),
  phones: fields.phones.default([]),
  email: fields.email.optional().transform((v) => v ?? null),
  birthday: fields.birthday.optional().transform((v) => v ?? null),
  homeStoreCode: fields.homeStoreCode.default(null),
  tags: fields.tags.default([]),
  caution: fields.caution.default(false),
  cautionReason: fields.cautionReason.default(''),
  notes: fields.notes.default(''),
});
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

/** Only the fields given change; `phones`, when given, replaces the whole set. */
export const customerPatchSchema = z.object({
  name: fields.name.optional(),
  nameKana: fields.nameKana.optional(),
  phones: fields.phones.optional(),
  email: fields.email.optional(),
  birthday: fields.birthday.optional(),
  homeStoreCode: fields.homeStoreCode.optional(),
  tags: fields.tags.optional(),
  caution: fields.caution.optional(),
  cautionReason: fields.cautionReason.optional(),
  notes: fields.notes.optional(),
});
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

export const customerPhoneSchema = z.object({
  e164: z.string(),
  /** 09012345678 */
  national: z.string(),
  /** 090-1234-5678 */
  display: z.string(),
  label: phoneLabelSchema,
});
export type CustomerPhone = z.infer<typeof customerPhoneSchema>;

const storeRefSchema = z.object({ code: z.string(), name: z.string() });
const userRefSchema = z.object({ id: z.string(), name: z.string() });

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameKana: z.string(),
  phones: z.array(customerPhoneSchema),
  email: z.string().nullable(),
  /** YYYY-MM-DD */
  birthday: z.string().nullable(),
  homeStore: storeRefSchema.nullable(),
  tags: z.array(z.string()),
  caution: z.boolean(),
  cautionReason: z.string(),
  notes: z.string(),
  createdBy: userRefSchema.nullable(),
  updatedBy: userRefSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof customerSchema>;

/** A search result: enough to pick the right person, without email, birthday or notes. */
export const customerListItemSchema = customerSchema.pick({
  id: true,
  name: true,
  nameKana: true,
  phones: true,
  homeStore: true,
  tags: true,
  caution: true,
  updatedAt: true,
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;

export const customerListQuerySchema = z.object({
  /** Name, kana (either script, either width) or a phone fragment (last four digits included). */
  q: z.string().max(100).optional(),
  /** One number in any form: only its holders. */
  phone: z.string().max(40).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export const customerListSchema = z.object({
  items: z.array(customerListItemSchema),
  nextCursor: z.string().nullable(),
});
export type CustomerList = z.infer<typeof customerListSchema>;
