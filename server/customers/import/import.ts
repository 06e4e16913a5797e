import type { CsvEncoding, ImportMode, ImportResult } from '../../../common/customers';
import type { Db, Executor } from '../../db/client';
import { queueContactChanges } from '../../dialpad/contacts/outbox';
import { isStorageUnavailable, toAppError } from '../../http/error-handler';
import { type CsvColumn, mapHeaders } from '../csv/columns';
import { type CsvRow, readCsv } from '../csv/read';
import { customersRepository } from '../repository';
import type { CustomerValues } from '../rows';
import { DEFAULT_MODES, type ImportModes } from './modes';
import { ImportState, type Plan, planRow } from './plan';
import { PreviewList, previewOf, previewOfRejected } from './preview';
import { type ImportCustomer, importRepository } from './repository';
import { type RejectedRow, type RowFailure, type RowInput, readRow, RowContext } from './row';

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Check and count every row, write nothing. */
  dryRun: boolean;
  /** Recorded as creator and last editor; null for the CLI. */
  userId: string | null;
  /** What an existing customer's 備考 and tags become when a row gives them; 'append' unless told. */
  notes?: ImportMode;
  tags?: ImportMode;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per transaction. */
  batchSize?: number;
  /** DIALPAD_CONTACTS_SYNC: every customer a batch creates or updates is queued for Dialpad in the batch's transaction. */
  syncContacts?: boolean;
}

/** A file read and its headers mapped: what can be refused (400) before any work starts or a stream opens. */
export interface PreparedImport {
  encoding: CsvEncoding;
  columns: CsvColumn[];
  unknownHeaders: string[];
  rows: CsvRow[];
}

/** Reads the file (a slice at a time, so the server stays responsive) and maps its headers. */
export async function prepareCsvImport(bytes: Uint8Array): Promise<PreparedImport> {
  const table = await readCsv(bytes);
  return { encoding: table.encoding, rows: table.rows, ...mapHeaders(table.headers) };
}

/** Rows per transaction: few round trips and commits, and a failed batch costs little to redo row by row. */
const BATCH = 500;

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  failures: RowFailure[];
}

function count(tally: Tally, plan: Plan): void {
  switch (plan.kind) {
    case 'create':
      tally.created++;
      break;
    case 'update':
      tally.updated++;
      break;
    case 'unchanged':
      tally.unchanged++;
      break;
    case 'failed':
      tally.failures.push(...plan.failures);
      break;
  }
}

/** The columns of a change, as customersRepository.update takes them (only what differs). */
function changes(before: ImportCustomer, after: ImportCustomer): Partial<CustomerValues> {
  const keys = ['name', 'nameKana', 'email', 'birthday', 'homeStoreId', 'tags', 'caution', 'cautionReason', 'notes'] as const;
  const changed: Partial<Record<(typeof keys)[number], unknown>> = {};
  for (const key of keys) if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = after[key];
  return changed as Partial<CustomerValues>;
}

/** Writes a batch's plans: new customers in bulk, changed ones one by one through the customers repository. */
async function write(tx: Executor, plans: readonly Plan[], state: ImportState, userId: string | null, syncContacts = false): Promise<void> {
  // A customer the batch creates and a later row changes is written once, as it ended up.
  const created = new Set<string>();
  const updated = new Map<string, ImportCustomer>();
  for (const plan of plans) {
    if (plan.kind === 'create') created.add(plan.customer.id);
    else if (plan.kind === 'update' && !created.has(plan.after.id) && !updated.has(plan.after.id)) updated.set(plan.after.id, plan.before);
  }
  const inserted = [...created].map((id) => state.get(id)!);
  await importRepository.insertMany(tx, inserted, userId);
  for (const [id, before] of updated) {
    const after = state.get(id)!;
    const samePhones = before.phones.length === after.phones.length && before.phones.every((p, i) => p.e164 === after.phones[i]!.e164);
    const found = await customersRepository.update(tx, id, { ...changes(before, after), updatedBy: userId }, samePhones ? undefined : after.phones);
    // Deleted while the file was being imported: the batch is redone row by row, and the row creates it anew.
    if (!found) throw new Error(`customer ${id} disappeared during the import`);
    if (before.externalId !== after.externalId) await importRepository.setExternalId(tx, id, after.externalId);
  }
  // Work that must commit with the batch's customers (`inserted`, and `updated`'s ids) goes here, in `tx`.
  await queueContactChanges(tx, syncContacts, [...created, ...updated.keys()].map((customerId) => ({ customerId, op: 'upsert' as const })));
}

/**
 * Imports a prepared file: rows are checked like API input, matched to existing customers
 * (システムID, else external id, else a number plus the same name) and created, updated or left alone, 500 to a
 * transaction. When a batch fails for a reason no check foresaw (a concurrent change, a
 * constraint), it is redone row by row so one bad row never loses the others.
 */
export async function runCsvImport(db: Db, prepared: PreparedImport, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? BATCH;
  const modes: ImportModes = { notes: options.notes ?? DEFAULT_MODES.notes, tags: options.tags ?? DEFAULT_MODES.tags };
  const context = new RowContext(db);
  const state = new ImportState();
  const total: Tally = { created: 0, updated: 0, unchanged: 0, failures: [] };
  const previews = new PreviewList();
  // A dry run makes ids for the customers it would create: the preview does not show ids that exist nowhere.
  const unsaved = new Set<string>();
  const shownId = (id: string): string | null => (unsaved.has(id) ? null : id);
  const columnOf = (failure: RowFailure): RowFailure =>
    failure.column !== null || failure.field === null ? failure : { ...failure, column: prepared.columns.find((c) => c.field === failure.field)?.header ?? null };

  options.onProgress?.({ done: 0, total: prepared.rows.length });
  for (let start = 0; start < prepared.rows.length; start += batchSize) {
    const read: (RowInput | RejectedRow)[] = [];
    for (const record of prepared.rows.slice(start, start + batchSize)) read.push(await readRow(record, prepared.encoding, prepared.columns, context));
    const inputs = read.filter((r): r is RowInput => !('rejected' in r));
    const plans = await importBatch(db, state, inputs, modes, options);
    // In file order: the rows refused on reading and the planned ones, as they came.
    let next = 0;
    for (const entry of read) {
      if ('rejected' in entry) {
        total.failures.push(...entry.failures);
        await previews.add(true, () => previewOfRejected(entry));
        continue;
      }
      const plan = plans[next++]!;
      count(total, plan);
      if (options.dryRun && plan.kind === 'create') unsaved.add(plan.customer.id);
      await previews.add(plan.kind !== 'unchanged', () => previewOf(entry, plan, context.stores, shownId));
    }
    options.onProgress?.({ done: Math.min(start + batchSize, prepared.rows.length), total: prepared.rows.length });
  }

  const failures = total.failures.map(columnOf).sort((a, b) => a.row - b.row);
  return {
    dryRun: options.dryRun,
    encoding: prepared.encoding,
    total: prepared.rows.length,
    created: total.created,
    updated: total.updated,
    unchanged: total.unchanged,
    failed: new Set(failures.map((f) => f.row)).size,
    failures,
    unknownHeaders: prepared.unknownHeaders,
    rows: previews.rows,
    rowsTruncated: previews.truncated,
    durationMs: Math.round(performance.now() - started),
  };
}

/** A batch's plans, one per input, as they were written (a row the database refused is a failed plan). */
async function importBatch(db: Db, state: ImportState, inputs: readonly RowInput[], modes: ImportModes, options: ImportOptions): Promise<Plan[]> {
  await state.load(db, inputs);
  const plans = inputs.map((row) => planRow(state, row, modes));
  if (options.dryRun) return plans;
  try {
    await db.transaction((tx) => write(tx, plans, state, options.userId, options.syncContacts));
    return plans;
  } catch (err) {
    if (isStorageUnavailable(err)) throw err;
    state.reset();
    return importRowByRow(db, state, inputs, modes, options.userId, options.syncContacts);
  }
}

/** The slow path after a failed batch: each row in its own transaction, a failure reported on its row. */
async function importRowByRow(
  db: Db,
  state: ImportState,
  inputs: readonly RowInput[],
  modes: ImportModes,
  userId: string | null,
  syncContacts = false,
): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const row of inputs) {
    await state.load(db, [row]);
    const plan = planRow(state, row, modes);
    try {
      await db.transaction((tx) => write(tx, [plan], state, userId, syncContacts));
      plans.push(plan);
    } catch (err) {
      if (isStorageUnavailable(err)) throw err;
      // The state may hold what was rolled back: read it again from the database.
      state.reset();
      const customerId = plan.kind === 'update' ? plan.after.id : null;
      const failure: RowFailure = { row: row.row, field: null, column: null, message: `Not saved: ${toAppError(err).message}`, code: 'not_saved' };
      plans.push({ kind: 'failed', failures: [failure], customerId, name: row.name ?? (plan.kind === 'update' ? plan.after.name : null) });
    }
  }
  return plans;
}
