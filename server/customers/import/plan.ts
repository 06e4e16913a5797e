import { randomUUID } from 'node:crypto';
import { normalizeForSearch } from '../../../common/kana';
import type { Executor } from '../../db/client';
import { type ImportModes, mergeNotes, mergeTags } from './modes';
import { type ImportCustomer, importRepository } from './repository';
import type { RowFailure, RowInput } from './row';

/** The API's limits (common/customers.ts), which a merge of stored and imported values must keep too. */
const MAX_PHONES = 10;
const MAX_TAGS = 30;
const MAX_NOTES = 10_000;

export type Plan =
  | { kind: 'create'; customer: ImportCustomer }
  | { kind: 'update'; before: ImportCustomer; after: ImportCustomer }
  | { kind: 'unchanged'; id: string }
  /** `customerId`: the customer the row matched, when it got that far. */
  | { kind: 'failed'; failures: RowFailure[]; customerId: string | null; name: string | null };

/**
 * What the import knows about the customers a file touches: those found in the database, and
 * those the file itself creates or changes (so a file naming one person twice creates one). In a
 * real run it mirrors the database; after a rolled back write it is reset and read again.
 */
export class ImportState {
  private readonly byId = new Map<string, ImportCustomer>();
  private readonly byExternalId = new Map<string, string>();
  private readonly holders = new Map<string, Set<string>>();
  /** `id:<uuid>` and `external:<id>` of customers merged away (and not matched otherwise) → who they are now. */
  private readonly merged = new Map<string, string>();
  /** Keys already asked of the database: the maps above are complete for them. */
  private readonly askedIds = new Set<string>();
  private readonly askedExternal = new Set<string>();
  private readonly askedPhones = new Set<string>();

  /**
   * Reads the customers these rows may match that are not known yet: by システムID, by external
   * id, then by number for the rows neither matched (a re-run of an export needs only the first).
   */
  async load(db: Executor, rows: readonly RowInput[]): Promise<void> {
    // Keys not asked of the database yet, each once; asked ones are marked at once (the maps are complete for them after the query).
    const fresh = (keys: (string | undefined)[], asked: Set<string>): string[] => {
      const list = [...new Set(keys.filter((k): k is string => k !== undefined && !asked.has(k)))];
      for (const k of list) asked.add(k);
      return list;
    };
    const ids = fresh(rows.map((r) => r.id), this.askedIds);
    for (const customer of await importRepository.findByIds(db, ids)) this.add(customer);
    const externalIds = fresh(rows.map((r) => r.externalId), this.askedExternal);
    for (const customer of await importRepository.findByExternalIds(db, externalIds)) this.add(customer);
    const goneIds = new Set(ids.filter((id) => !this.byId.has(id)));
    const goneExternal = new Set(externalIds.filter((id) => !this.byExternalId.has(id)));
    for (const m of await importRepository.findMerged(db, [...goneIds], [...goneExternal])) {
      if (goneIds.has(m.sourceId)) this.merged.set(`id:${m.sourceId}`, m.targetId);
      if (m.externalId !== null && goneExternal.has(m.externalId)) this.merged.set(`external:${m.externalId}`, m.targetId);
    }
    const unmatched = rows.filter((r) => !(r.id !== undefined && this.byId.has(r.id)) && !(r.externalId !== undefined && this.byExternalId.has(r.externalId)));
    const e164s = fresh(unmatched.flatMap((r) => r.phones.map((p) => p.e164)), this.askedPhones);
    for (const customer of await importRepository.findByPhones(db, e164s)) this.add(customer);
  }

  /** A customer read from the database; one the file already changed keeps its changed form. */
  private add(customer: ImportCustomer): void {
    if (!this.byId.has(customer.id)) this.put(customer);
  }

  get(id: string): ImportCustomer | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a customer and indexes its external id and numbers. */
  put(customer: ImportCustomer): void {
    const old = this.byId.get(customer.id);
    if (old?.externalId) this.byExternalId.delete(old.externalId);
    for (const p of old?.phones ?? []) this.holders.get(p.e164)?.delete(customer.id);
    this.byId.set(customer.id, customer);
    if (customer.externalId) this.byExternalId.set(customer.externalId, customer.id);
    for (const p of customer.phones) {
      const set = this.holders.get(p.e164) ?? new Set<string>();
      set.add(customer.id);
      this.holders.set(p.e164, set);
    }
  }

  reset(): void {
    this.byId.clear();
    this.byExternalId.clear();
    this.holders.clear();
    this.merged.clear();
    this.askedIds.clear();
    this.askedExternal.clear();
    this.askedPhones.clear();
  }

  /**
   * The customer a row's システムID or external id belonged to was merged away: who it is now. Such a
   * row is refused rather than applied: it would recreate the person merged away, or overwrite the
   * merged record with one of the two old ones.
   */
  mergedTarget(row: RowInput): { field: 'id' | 'externalId'; targetId: string } | undefined {
    const byId = row.id === undefined || this.byId.has(row.id) ? undefined : this.merged.get(`id:${row.id}`);
    if (byId) return { field: 'id', targetId: byId };
    const byExternal = row.externalId === undefined || this.byExternalId.has(row.externalId) ? undefined : this.merged.get(`external:${row.externalId}`);
    return byExternal ? { field: 'externalId', targetId: byExternal } : undefined;
  }

  /** Who holds an external id, if anyone known does. */
  holderOfExternalId(externalId: string): string | undefined {
    return this.byExternalId.get(externalId);
  }

  /**
   * The customer a row is about: the one with its システムID; else the holder of its external id; else a holder of one of its
   * numbers with the same name (width, kana script and spaces aside) and no other external id.
   * The name must agree because a household number is shared: 山田花子 with her husband's home
   * phone is a second customer, not a new name for him.
   */
  match(row: RowInput): ImportCustomer | undefined {
    const own = row.id === undefined ? undefined : this.byId.get(row.id);
    if (own) return own;
    if (row.externalId !== undefined) {
      const id = this.byExternalId.get(row.externalId);
      if (id) return this.byId.get(id);
    }
    const key = row.name === undefined ? undefined : normalizeForSearch(row.name);
    const candidates = [...new Set(row.phones.flatMap((p) => [...(this.holders.get(p.e164) ?? [])]))]
      .map((id) => this.byId.get(id)!)
      .filter((c) => row.externalId === undefined || c.externalId === null);
    if (key === undefined) return candidates.length === 1 ? candidates[0] : undefined;
    return candidates.find((c) => normalizeForSearch(c.name) === key);
  }
}

const FILE_WINS: ImportModes = { notes: 'replace', tags: 'replace' };

const BLANK: Omit<ImportCustomer, 'id' | 'name'> = {
  externalId: null,
  nameKana: '',
  email: null,
  birthday: null,
  homeStoreId: null,
  tags: [],
  caution: false,
  cautionReason: '',
  notes: '',
  phones: [],
};

/**
 * The row's values over the customer's: given fields replace, 備考 and tags as the modes say (a new
 * customer takes the file's), numbers are added (an import never drops a number the popup matches callers by).
 */
function apply(before: ImportCustomer, row: RowInput, modes: ImportModes): ImportCustomer {
  const phones = [...before.phones];
  for (const p of row.phones) if (!phones.some((q) => q.e164 === p.e164)) phones.push(p);
  // A reason alone means the flag; clearing the flag clears its reason, as the API does.
  const caution = row.caution ?? (row.cautionReason ? true : before.caution);
  return {
    id: before.id,
    externalId: row.externalId ?? before.externalId,
    name: row.name ?? before.name,
    nameKana: row.nameKana ?? before.nameKana,
    email: row.email ?? before.email,
    birthday: row.birthday ?? before.birthday,
    homeStoreId: row.homeStoreId ?? before.homeStoreId,
    tags: mergeTags(before.tags, row.tags, modes.tags),
    caution,
    cautionReason: caution ? (row.cautionReason ?? before.cautionReason) : '',
    notes: mergeNotes(before.notes, row.notes, modes.notes),
    phones,
  };
}

const sameList = <T>(a: readonly T[], b: readonly T[], key: (x: T) => string): boolean => a.length === b.length && a.every((x, i) => key(x) === key(b[i]!));

export function sameCustomer(a: ImportCustomer, b: ImportCustomer): boolean {
  return (
    a.externalId === b.externalId &&
    a.name === b.name &&
    a.nameKana === b.nameKana &&
    a.email === b.email &&
    a.birthday === b.birthday &&
    a.homeStoreId === b.homeStoreId &&
    sameList(a.tags, b.tags, String) &&
    a.caution === b.caution &&
    a.cautionReason === b.cautionReason &&
    a.notes === b.notes &&
    sameList(a.phones, b.phones, (p) => `${p.e164} ${p.label}`)
  );
}

/** Decides what a row does and records it in the state (whose ids are made here, so later rows find new customers). */
export function planRow(state: ImportState, row: RowInput, modes: ImportModes): Plan {
  const failed = (failure: Omit<RowFailure, 'row' | 'column'>, customer?: ImportCustomer): Plan => ({
    kind: 'failed',
    failures: [{ row: row.row, column: null, ...failure }],
    customerId: customer?.id ?? null,
    name: customer?.name ?? row.name ?? null,
  });
  const merged = state.mergedTarget(row);
  if (merged) {
    const message = `This customer was merged into ${merged.targetId}; use that customer's システムID, or export again`;
    return failed({ field: merged.field, message, code: 'merged_customer', params: { customerId: merged.targetId } });
  }
  const before = state.match(row);
  if (!before && row.name === undefined) return failed({ field: 'name', message: 'A new customer needs a name', code: 'missing_name' });
  const externalHolder = row.externalId === undefined ? undefined : state.holderOfExternalId(row.externalId);
  if (before && externalHolder !== undefined && externalHolder !== before.id) {
    const message = `"${row.externalId}" is the external id of another customer`;
    return failed({ field: 'externalId', message, code: 'external_id_taken', params: { value: row.externalId! } }, before);
  }
  // A new customer takes the file's values whatever the modes.
  const after = before ? apply(before, row, modes) : apply({ ...BLANK, id: randomUUID(), name: row.name! }, row, FILE_WINS);
  if (after.phones.length > MAX_PHONES) {
    return failed({ field: 'phones', message: `A customer keeps at most ${MAX_PHONES} numbers`, code: 'too_many', params: { max: MAX_PHONES } }, before);
  }
  // Appending can take 備考 or tags past what a customer keeps.
  if (after.tags.length > MAX_TAGS) {
    return failed({ field: 'tags', message: `A customer keeps at most ${MAX_TAGS} tags`, code: 'too_many', params: { max: MAX_TAGS } }, before);
  }
  if (after.notes.length > MAX_NOTES) {
    return failed({ field: 'notes', message: `備考 would be longer than ${MAX_NOTES.toLocaleString('en')} characters`, code: 'too_long', params: { max: MAX_NOTES } }, before);
  }
  if (before && sameCustomer(before, after)) return { kind: 'unchanged', id: before.id };
  state.put(after);
  return before ? { kind: 'update', before, after } : { kind: 'create', customer: after };
}
