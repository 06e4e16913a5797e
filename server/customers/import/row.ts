import { z } from 'zod';
import { type CsvEncoding, type CustomerPatch, customerPatchSchema, type PhoneInput, todayInJapan } from '../../../common/customers';
import type { Executor } from '../../db/client';
import { isUuid } from '../../db/uuid';
import { AppError } from '../../http/errors';
import type { CsvColumn, ImportField } from '../csv/columns';
import type { CsvRow } from '../csv/read';
import { parseBirthday, parseCaution, readCell, splitPhones, splitTags } from '../csv/values';
import { parsePhones, resolveHomeStore } from '../input';
import type { PhoneRow } from '../rows';

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

/** Why a row was not imported: its row number as Excel shows it, the field, the column as the file names it. */
export interface RowFailure {
  row: number;
  field: ImportField | null;
  column: string | null;
  message: string;
  code?: 'undecodable_bytes';
}

const MAX_EXTERNAL_ID = 100;

/** What reading rows needs from the import around it. */
export class RowContext {
  private readonly known = new Map<string, Promise<string | null>>();
  /** todayInJapan() once per file: it builds an Intl formatter per call, which was a third of a row's reading time. */
  readonly today = todayInJapan();
  constructor(private readonly db: Executor) {}

  /** A store code → its id, asked once per code per import (a file names a handful of stores thousands of times). */
  resolveStore(code: string): Promise<string | null> {
    let id = this.known.get(code);
    if (!id) {
      id = resolveHomeStore(this.db, code).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'validation_failed') return null;
        throw err;
      });
      this.known.set(code, id);
    }
    return id;
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
    }));
}

/** Reads and checks one row with the same rules as the API (customerPatchSchema, parsePhones, store codes); every problem is reported, not only the first. */
export async function readRow(record: CsvRow, encoding: CsvEncoding, columns: readonly CsvColumn[], context: RowContext): Promise<RowInput | RowFailure[]> {
  const { row, cells } = record;
  const unreadable = undecodableFailures(record, columns, encoding);
  if (unreadable.length > 0) return unreadable;
  const failures: RowFailure[] = [];
  const fail = (field: ImportField, message: string, column = columns.find((c) => c.field === field)?.header ?? null) =>
    failures.push({ row, field, column, message });
  // The first non-blank cell of a field wins when a file has two columns for it (a PC and a mobile email).
  const first = (field: ImportField): { value: string; column: string } | undefined => {
    for (const c of columns) {
      const value = c.field === field ? readCell(cells[c.index]) : '';
      if (value !== '') return { value, column: c.header };
    }
    return undefined;
  };

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
    const problem = iso === null ? `"${birthday.value}" is not a date: write it like 1990/01/02, 1990-01-02 or 1990年1月2日` : birthdayProblem(iso, context.today);
    if (problem) fail('birthday', problem, birthday.column);
    else if (iso !== null) birthdayValue = iso;
  }
  const tags = first('tags');
  if (tags) patch.tags = splitTags(tags.value);
  const parsed = customerPatchSchema.safeParse(patch);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(String(issue.path[0]) as ImportField, issue.message);
  }

  const caution = first('caution');
  const cautionValue = caution ? parseCaution(caution.value) : undefined;
  if (caution && cautionValue === undefined) fail('caution', `"${caution.value}" is neither yes nor no: write はい or いいえ (○/×, 1/0)`, caution.column);

  const phones = readPhones(cells, columns, (message, column) => fail('phones', message, column));

  const store = first('homeStoreCode');
  const homeStoreId = store ? await context.resolveStore(store.value) : undefined;
  if (store && homeStoreId === null) fail('homeStoreCode', `No store has the code "${store.value}"`, store.column);

  const externalId = first('externalId');
  if (externalId && externalId.value.length > MAX_EXTERNAL_ID) fail('externalId', `Longer than ${MAX_EXTERNAL_ID} characters`, externalId.column);

  // Another system's ids, or anything else that is not one of ours, are simply not matched.
  const id = first('id');

  if (failures.length > 0 || !parsed.success) return failures;
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
function birthdayProblem(iso: string, today: string): string | null {
  if (!z.iso.date().safeParse(iso).success) return 'Write a real date as YYYY-MM-DD';
  if (iso < '1900-01-01') return 'Too far in the past';
  if (iso > today) return 'Must not be in the future';
  return null;
}

/** Every number of every phone column, checked by parsePhones column by column so a message names its column. */
function readPhones(cells: readonly string[], columns: readonly CsvColumn[], fail: (message: string, column: string) => void): PhoneRow[] {
  const all = new Map<string, PhoneRow>();
  for (const column of columns) {
    if (column.field !== 'phones') continue;
    const inputs: PhoneInput[] = splitPhones(readCell(cells[column.index])).map((number) => (column.phoneLabel ? { number, label: column.phoneLabel } : number));
    try {
      for (const phone of parsePhones(inputs, column.header)) if (!all.has(phone.e164)) all.set(phone.e164, phone);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // parsePhones says `<field>.<i>: "…" cannot be a phone number`; the column is reported apart.
      const prefix = `${column.header}.`;
      fail(err.message.startsWith(prefix) ? err.message.slice(err.message.indexOf(': ', prefix.length) + 2) : err.message, column.header);
    }
  }
  return [...all.values()];
}
