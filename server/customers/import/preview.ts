import { IMPORT_PREVIEW_ROWS, type ImportRowChange, type ImportRowPreview } from '../../../common/customers';
import { formatPhone } from '../../../common/phone';
import type { Plan } from './plan';
import type { ImportCustomer } from './repository';
import type { RejectedRow, RowInput } from './row';
import type { StoreDirectory } from './stores';

/** The fields a preview shows, in the order the screen lists them, each as text. */
const TEXT_FIELDS = {
  name: (c) => c.name,
  nameKana: (c) => c.nameKana,
  phones: (c) => c.phones.map((p) => formatPhone(p.e164)).join(', '),
  email: (c) => c.email,
  birthday: (c) => c.birthday,
  homeStore: (c) => c.homeStoreId,
  tags: (c) => c.tags.join(', '),
  caution: (c) => String(c.caution),
  cautionReason: (c) => c.cautionReason,
  notes: (c) => c.notes,
  externalId: (c) => c.externalId,
} satisfies Record<string, (c: ImportCustomer) => string | null>;

type PreviewField = keyof typeof TEXT_FIELDS;
const FIELDS = Object.keys(TEXT_FIELDS) as PreviewField[];

/** Blank is none: "" and null read alike, so a new customer's empty kana is no change. */
const valueOf = (customer: ImportCustomer, field: PreviewField): string | null => {
  const value = TEXT_FIELDS[field](customer);
  return value === '' ? null : value;
};

/** What a row changes, field by field (a new customer: everything it has, from null); the home store by its name. */
async function changesOf(before: ImportCustomer | null, after: ImportCustomer, stores: StoreDirectory): Promise<ImportRowChange[]> {
  const changes: ImportRowChange[] = [];
  for (const field of FIELDS) {
    const old = before === null ? null : valueOf(before, field);
    const now = valueOf(after, field);
    // A new customer is not 要注意 unless the file says so: no change to show.
    if (old === now || (before === null && field === 'caution' && !after.caution)) continue;
    if (field === 'homeStore') changes.push({ field, old: await stores.nameOf(before?.homeStoreId ?? null), new: await stores.nameOf(after.homeStoreId) });
    else changes.push({ field, old, new: now });
  }
  return changes;
}

/**
 * A row's preview: what it did (or would do, in a dry run); null for an unchanged row, which the list leaves out.
 * `shownId` says which ids exist: in a dry run a customer the file creates has none yet.
 */
export async function previewOf(input: RowInput, plan: Plan, stores: StoreDirectory, shownId: (id: string) => string | null): Promise<ImportRowPreview | null> {
  switch (plan.kind) {
    case 'create':
      return { row: input.row, action: 'create', customerId: shownId(plan.customer.id), name: plan.customer.name, changes: await changesOf(null, plan.customer, stores) };
    case 'update':
      return { row: input.row, action: 'update', customerId: shownId(plan.after.id), name: plan.after.name, changes: await changesOf(plan.before, plan.after, stores) };
    case 'unchanged':
      return null;
    case 'failed':
      return { row: input.row, action: 'fail', customerId: plan.customerId === null ? null : shownId(plan.customerId), name: plan.name, changes: [] };
  }
}

export function previewOfRejected(rejected: RejectedRow): ImportRowPreview {
  return { row: rejected.row, action: 'fail', customerId: null, name: rejected.name, changes: [] };
}

/** The first IMPORT_PREVIEW_ROWS previews in file order, and whether more were left out. */
export class PreviewList {
  readonly rows: ImportRowPreview[] = [];
  truncated = false;

  /** Takes rows in file order; a preview is built only while there is room for it (a big file's rest are only counted). */
  async add(shown: boolean, build: () => Promise<ImportRowPreview | null> | ImportRowPreview): Promise<void> {
    if (!shown) return;
    if (this.rows.length >= IMPORT_PREVIEW_ROWS) {
      this.truncated = true;
      return;
    }
    const preview = await build();
    if (preview) this.rows.push(preview);
  }
}
