import { z } from 'zod';
import { storeRefSchema } from './stores';
import { userRefSchema } from './users';

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
  z.strictObject({ number: z.string().trim().min(1).max(40), label: phoneLabelSchema.optional() }),
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
  .refine((v) => v === '' || z.email().safeParse(v).success, { message: 'Not an email address', params: { code: 'invalid_format', format: 'email' } })
  .nullable()
  .transform((v) => (v ? v : null));

const isDate = (v: string): boolean => z.iso.date().safeParse(v).success;
const birthdayField = z
  .string()
  .trim()
  .refine((v) => v === '' || isDate(v), { message: 'Write a real date as YYYY-MM-DD', params: { code: 'not_a_date' } })
  .refine((v) => !isDate(v) || v >= '1900-01-01', { message: 'Too far in the past', params: { code: 'too_early' } })
  .refine((v) => !isDate(v) || v <= todayInJapan(), { message: 'Must not be in the future', params: { code: 'in_future' } })
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

export const customerCreateSchema = z.strictObject({
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
export const customerPatchSchema = z.strictObject({
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
  /** 会員番号: the customer's id in the system a CSV came from (the shop's own member number); null when none. */
  externalId: z.string().nullable(),
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
  /** Name, kana (either script, either width), a phone fragment (last four digits included) or a 会員番号 (exact). */
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

/** GET /api/customers/duplicates: why a group is one. */
export const DUPLICATE_REASONS = ['phone', 'name'] as const;
export const duplicateReasonSchema = z.enum(DUPLICATE_REASONS);
export type DuplicateReason = z.infer<typeof duplicateReasonSchema>;

/** What a group of duplicates holds: a list item plus what a merge would move, so staff can pick the one to keep. */
export const duplicateCustomerSchema = customerListItemSchema.extend({
  counts: z.object({ memos: z.number().int(), visits: z.number().int(), calls: z.number().int() }),
});
export type DuplicateCustomer = z.infer<typeof duplicateCustomerSchema>;

export const duplicateGroupSchema = z.object({
  /** `phone`: they share a number; `name`: the same name and kana once normalized. */
  reason: duplicateReasonSchema,
  /** The number in national form (09012345678), or the name of the most recently updated member. */
  key: z.string(),
  /** How many customers the group has; `customers` lists at most 20 of them. */
  total: z.number().int(),
  /** Most recently updated first. */
  customers: z.array(duplicateCustomerSchema),
});
export type DuplicateGroup = z.infer<typeof duplicateGroupSchema>;

export const duplicateListSchema = z.object({ items: z.array(duplicateGroupSchema), nextCursor: z.string().nullable() });
export type DuplicateList = z.infer<typeof duplicateListSchema>;

/** How many rows of each kind a merge moved from the source to the target. */
export const mergeMovedSchema = z.object({
  memos: z.number().int(),
  visits: z.number().int(),
  calls: z.number().int(),
  callbacks: z.number().int(),
  phones: z.number().int(),
  /** Earlier merges into the source, now listed under the target. */
  merges: z.number().int(),
});
export type CustomerMergeMoved = z.infer<typeof mergeMovedSchema>;

/**
 * The source as it was. Looser than a customer: a snapshot keeps the shape of its day, and a field
 * added to customers later must not make old records unreadable.
 */
export const mergeSnapshotSchema = customerSchema
  .partial()
  .required({ id: true, name: true })
  // The id the source had in the system a CSV came from (the customer API does not show it).
  .extend({ externalId: z.string().nullable().optional() });

export const customerMergeSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  sourceId: z.string(),
  source: mergeSnapshotSchema,
  mergedBy: userRefSchema.nullable(),
  mergedAt: z.string(),
  moved: mergeMovedSchema,
});
export type CustomerMergeView = z.infer<typeof customerMergeSchema>;

export const customerMergeListSchema = z.object({ items: z.array(customerMergeSchema), nextCursor: z.string().nullable() });

/** POST /api/customers/:id/merge: the customer that stayed, and the merge record. */
export const mergeResultSchema = z.object({ customer: customerSchema, merge: customerMergeSchema });
export type MergeResultView = z.infer<typeof mergeResultSchema>;

/**
 * What an existing customer's 備考 or tags become when a row gives them: `keep` leaves them (a new
 * customer still gets the file's), `append` adds the file's (備考 on a new line unless already
 * there; tags as a union, the customer's first), `replace` takes the file's.
 */
export const IMPORT_MODES = ['keep', 'append', 'replace'] as const;
export const importModeSchema = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof importModeSchema>;

/**
 * Why a row was refused, for a translation; `params` holds the words it needs.
 * - `undecodable_bytes` {encoding}: the cell's bytes are not valid in the file's encoding
 * - `missing_name`: a new customer needs a name
 * - `invalid_phone` {value}: not a phone number
 * - `too_many` {max}: more numbers (phones) or tags than a customer keeps
 * - `invalid_email` {value}
 * - `invalid_date` {value}: not a date we read, or no such day
 * - `date_in_future` {value}, `date_too_early` {value}: a birthday after today in Japan, or before 1900
 * - `unknown_store` {store}: no store has that code or name; `ambiguous_store` {store}: several stores have that name
 * - `too_long` {max}: more characters than the field keeps
 * - `invalid_value` {value}: e.g. 要注意 that is neither yes nor no
 * - `external_id_taken` {value}: the 会員番号 is another customer's
 * - `merged_customer` {customerId}: the row's customer was merged into that one
 * - `not_saved`: the database refused the row (the message says why)
 */
export const IMPORT_FAILURE_CODES = [
  'undecodable_bytes',
  'missing_name',
  'invalid_phone',
  'too_many',
  'invalid_email',
  'invalid_date',
  'date_in_future',
  'date_too_early',
  'unknown_store',
  'ambiguous_store',
  'too_long',
  'invalid_value',
  'external_id_taken',
  'merged_customer',
  'not_saved',
] as const;
export const importFailureCodeSchema = z.enum(IMPORT_FAILURE_CODES);
export type ImportFailureCode = z.infer<typeof importFailureCodeSchema>;

export const importFailureSchema = z.object({
  /** As Excel numbers it: the header is row 1. */
  row: z.number().int(),
  /** The customer field (name, phones, email, birthday, homeStoreCode, ...); null when the row failed as a whole. */
  field: z.string().nullable(),
  /** The column as the file names it (電話番号, 携帯, ...). */
  column: z.string().nullable(),
  /** In English, for logs and the CLI; people read the translation of `code`. */
  message: z.string(),
  code: importFailureCodeSchema,
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportFailure = z.infer<typeof importFailureSchema>;

/**
 * One field a row changes, as text: phones and tags joined with ", ", the home store by its name,
 * caution as "true"/"false"; null for none (a new customer's old values are all null).
 */
export const importRowChangeSchema = z.object({ field: z.string(), old: z.string().nullable(), new: z.string().nullable() });
export type ImportRowChange = z.infer<typeof importRowChangeSchema>;

export const IMPORT_ROW_ACTIONS = ['create', 'update', 'unchanged', 'fail'] as const;

/** What a row does (or would do, in a dry run) to whom. */
export const importRowPreviewSchema = z.object({
  row: z.number().int(),
  action: z.enum(IMPORT_ROW_ACTIONS),
  /** The customer updated, created or, for a failed row, matched when known; null for one a dry run would create (not made yet). */
  customerId: z.string().nullable(),
  /** The customer's name after the row, or the row's name cell. */
  name: z.string().nullable(),
  changes: z.array(importRowChangeSchema),
});
export type ImportRowPreview = z.infer<typeof importRowPreviewSchema>;

/** The most rows `rows` lists. */
export const IMPORT_PREVIEW_ROWS = 1000;

/** POST /api/customers/import: the summary the API answers and the CLI prints. */
export const importResultSchema = z.object({
  dryRun: z.boolean(),
  /** How the file's bytes were read: Excel in Japan saves Shift_JIS (CP932) unless told to write UTF-8. */
  encoding: z.enum(['utf-8', 'shift_jis']),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  failures: z.array(importFailureSchema),
  /** Headers no field is known by: their columns were ignored. */
  unknownHeaders: z.array(z.string()),
  /** Every row created, updated or failed (unchanged ones left out), in file order, at most IMPORT_PREVIEW_ROWS. */
  rows: z.array(importRowPreviewSchema),
  /** More rows than `rows` lists were created, updated or failed. */
  rowsTruncated: z.boolean(),
  durationMs: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export type CsvEncoding = ImportResult['encoding'];
