import { z } from 'zod';
import { type CsvEncoding, type CustomerPatch, customerPatchSchema, type ImportFailureCode, type PhoneInput, todayInJapan } from '../../../common/customers';
import { toE164 } from '../../../common/phone';
import type { Executor } from '../../db/client';
import { isUuid } from '../../db/uuid';
import type { CsvColumn, ImportField } from '../csv/columns';
import type { CsvRow } from '../csv/read';
import { parseBirthday, parseCaution, readCell, splitPhones, splitTags } from '../csv/values';
import { parsePhones } from '../input';
import type { PhoneRow } from '../rows';
import { StoreDirectory } from './stores';

/** What one CSV row says about a customer. A field left out (no column, or a blank cell) leaves the stored value alone. */
export interface RowInput {
  row: number;
  name?: string;
  nameKana?: string;
  email?: string;
  birthday?: string;
  homeStoreId?: string;
  tags?: string[];
  caution?: boolean;
  cautionReason?: string;
  notes?: string;
  externalId?: string;
  /** A システムID that is a uuid (whether a customer here has it is the matcher's question). */
  id?: string;
  /** Numbers to add to the customer's (an import never removes one). */
  phones: PhoneRow[];
}

/** Why a row was not imported: its row number as Excel shows it, the field, the column as the file names it, a stable code and the words its translation needs. */
export interface RowFailure {
  row: number;
  field: ImportField | null;
  column: string | null;
  message: string;
  code: ImportFailureCode;
  params?: Record<string, string | number>;
}

/** A row refused while it was read: its failures, and its name cell for the preview. */
export interface RejectedRow {
  rejected: true;
  row: number;
  name: string | null;
  failures: RowFailure[];
}

const MAX_EXTERNAL_ID = 100;

/** What reading rows needs from the import around it. */
export class RowContext {
  /** todayInJapan() once per file: it builds an Intl formatter per call, which was a third of a row's reading time. */
  readonly today = todayInJapan();
  readonly stores: StoreDirectory;
  constructor(db: Executor) {
    this.stores = new StoreDirectory(db);
  }
}

const ENCODING_NAMES: Record<CsvEncoding, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

/** A row whose imported cells hold bytes the file's encoding cannot read fails whole: a customer is never stored with "�" for a character. */
function undecodableFailures({ row, undecodable = [] }: CsvRow, columns: readonly CsvColumn[], encoding: CsvEncoding): RowFailure[] {
  const bad = new Set(undecodable);
  return columns
    .filter((c) => bad.has(c.index))
    .map((c) => ({
      row,
      field: c.field,
      column: c.header,
      message: `Bytes that are not valid ${ENCODING_NAMES[encoding]}: the cell cannot be read (fix it, or save the file again as "CSV UTF-8" in Excel)`,
      code: 'undecodable_bytes',
      params: { encoding: ENCODING_NAMES[encoding] },
    }));
}

/** A customerPatchSchema issue as a code: lengths and counts are the common ones a file gets wrong. */
function issueCode(issue: z.core.$ZodIssue, field: ImportField, value: unknown): Pick<RowFailure, 'code' | 'params'> {
  if (issue.code === 'too_big') return { code: issue.origin === 'array' ? 'too_many' : 'too_long', params: { max: Number(issue.maximum) } };
  if (field === 'email') return { code: 'invalid_email', params: { value: String(value) } };
  return { code: 'invalid_value', params: { value: String(value) } };
}

/** Reads and checks one row with the same rules as the API (customerPatchSchema, parsePhones, stores); every problem is reported, not only the first. */
export async function readRow(record: CsvRow, encoding: CsvEncoding, columns: readonly CsvColumn[], context: RowContext): Promise<RowInput | RejectedRow> {
  const { row, cells } = record;
  // The first non-blank cell of a field wins when a file has two columns for it (a PC and a mobile email).
  const first = (field: ImportField): { value: string; column: string } | undefined => {
    for (const c of columns) {
      const value = c.field === field ? readCell(cells[c.index]) : '';
      if (value !== '') return { value, column: c.header };
    }
    return undefined;
  };
  const name = first('name')?.value ?? null;
  const unreadable = undecodableFailures(record, columns, encoding);
  if (unreadable.length > 0) return { rejected: true, row, name: unreadable.some((f) => f.field === 'name') ? null : name, failures: unreadable };
  const failures: RowFailure[] = [];
  const fail = (field: ImportField, message: string, why: Pick<RowFailure, 'code' | 'params'>, column = columns.find((c) => c.field === field)?.header ?? null) =>
    failures.push({ row, field, column, message, ...why });

  const patch: Partial<Record<keyof CustomerPatch, unknown>> = {};
  for (const field of ['name', 'nameKana', 'email', 'cautionReason', 'notes'] as const) {
    const cell = first(field);
    if (cell) patch[field] = cell.value;
  }
  // Older shop systems keep フリガナ in half-width ｶﾀｶﾅ: stored full-width, as staff type it. Names keep
  // their exact characters (NFKC would change some kanji people write their names with).
  if (typeof patch.nameKana === 'string') patch.nameKana = patch.nameKana.normalize('NFKC');
  // Checked apart from customerPatchSchema, with its rules and messages, against the file's `today`.
  let birthdayValue: string | undefined;
  const birthday = first('birthday');
  if (birthday) {
    const iso = parseBirthday(birthday.value);
    const problem =
      iso === null
        ? { message: `"${birthday.value}" is not a date: write it like 1990/01/02, 1990-01-02 or 1990年1月2日`, code: 'invalid_date' as const }
        : birthdayProblem(iso, context.today);
    if (problem) fail('birthday', problem.message, { code: problem.code, params: { value: birthday.value } }, birthday.column);
    else if (iso !== null) birthdayValue = iso;
  }
  const tags = first('tags');
  if (tags) patch.tags = splitTags(tags.value);
  const parsed = customerPatchSchema.safeParse(patch);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as ImportField;
      fail(field, issue.message, issueCode(issue, field, patch[field as keyof CustomerPatch]));
    }
  }

  const caution = first('caution');
  const cautionValue = caution ? parseCaution(caution.value) : undefined;
  if (caution && cautionValue === undefined) {
    fail('caution', `"${caution.value}" is neither yes nor no: write はい or いいえ (○/×, 1/0)`, { code: 'invalid_value', params: { value: caution.value } }, caution.column);
  }

  const phones = readPhones(cells, columns, (number, column) =>
    fail('phones', `"${number}" cannot be a phone number`, { code: 'invalid_phone', params: { value: number } }, column),
  );

  const store = first('homeStoreCode');
  let homeStoreId: string | undefined;
  if (store) {
    const found = await context.stores.lookup(store.value);
    if (found.kind === 'found') homeStoreId = found.store.id;
    else if (found.kind === 'unknown') fail('homeStoreCode', `No store has the code or name "${store.value}"`, { code: 'unknown_store', params: { store: store.value } }, store.column);
    else fail('homeStoreCode', `Several stores are named "${store.value}": give the store's code`, { code: 'ambiguous_store', params: { store: store.value } }, store.column);
  }

  const externalId = first('externalId');
  if (externalId && externalId.value.length > MAX_EXTERNAL_ID) {
    fail('externalId', `Longer than ${MAX_EXTERNAL_ID} characters`, { code: 'too_long', params: { max: MAX_EXTERNAL_ID } }, externalId.column);
  }

  // Another system's ids, or anything else that is not one of ours, are simply not matched.
  const id = first('id');

  if (failures.length > 0 || !parsed.success) return { rejected: true, row, name, failures };
  const values = parsed.data;
  return {
    row,
    ...(values.name !== undefined && { name: values.name }),
    ...(values.nameKana !== undefined && { nameKana: values.nameKana }),
    ...(values.email && { email: values.email }),
    ...(birthdayValue && { birthday: birthdayValue }),
    ...(homeStoreId && { homeStoreId }),
    ...(values.tags !== undefined && values.tags.length > 0 && { tags: values.tags }),
    ...(cautionValue !== undefined && { caution: cautionValue }),
    ...(values.cautionReason && { cautionReason: values.cautionReason }),
    ...(values.notes !== undefined && { notes: values.notes }),
    ...(externalId && { externalId: externalId.value }),
    ...(id && isUuid(id.value) && { id: id.value.toLowerCase() }),
    phones,
  };
}

/** The API's birthday rules (common/customers.ts), with its messages. */
function birthdayProblem(iso: string, today: string): { message: string; code: ImportFailureCode } | null {
  if (!z.iso.date().safeParse(iso).success) return { message: 'Write a real date as YYYY-MM-DD', code: 'invalid_date' };
  if (iso < '1900-01-01') return { message: 'Too far in the past', code: 'date_too_early' };
  if (iso > today) return { message: 'Must not be in the future', code: 'date_in_future' };
  return null;
}

/** Every number of every phone column; each that cannot be a number is reported with its column. */
function readPhones(cells: readonly string[], columns: readonly CsvColumn[], fail: (number: string, column: string) => void): PhoneRow[] {
  const all = new Map<string, PhoneRow>();
  for (const column of columns) {
    if (column.field !== 'phones') continue;
    const inputs: PhoneInput[] = [];
    for (const number of splitPhones(readCell(cells[column.index]))) {
      if (toE164(number) === null) fail(number, column.header);
      else inputs.push(column.phoneLabel ? { number, label: column.phoneLabel } : number);
    }
    // Every input is a number now: parsePhones only labels them (the API's rule) and drops repeats.
    for (const phone of parsePhones(inputs, column.header)) if (!all.has(phone.e164)) all.set(phone.e164, phone);
  }
  return [...all.values()];
}
