import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CustomerCard, CustomerSummary } from '../../common/calls';
import type { Executor } from '../db/client';
import { customerPhones, customers, stores } from '../db/schema';
import { isUuid } from '../db/uuid';
import { type CustomerRecord, type CustomerValues, homeStoreOf, type PhoneRow, phonesOf, selectCustomers } from './rows';

export type { CustomerRecord, CustomerRow, CustomerValues, PhoneRow, StoreRef } from './rows';

async function insertPhones(db: Executor, customerId: string, phones: readonly PhoneRow[]): Promise<void> {
  if (phones.length === 0) return;
  await db.insert(customerPhones).values(phones.map((p, position) => ({ customerId, e164: p.e164, label: p.label, position })));
}

const summaryColumns = {
  id: customers.id,
  name: customers.name,
  nameKana: customers.nameKana,
  caution: customers.caution,
  cautionReason: customers.cautionReason,
  tags: customers.tags,
};

export const customersRepository = {
  async findStoreByCode(db: Executor, code: string): Promise<{ id: string; code: string; name: string } | undefined> {
    const [row] = await db.select({ id: stores.id, code: stores.code, name: stores.name }).from(stores).where(eq(stores.code, code));
    return row;
  },

  async findById(db: Executor, id: string): Promise<CustomerRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await selectCustomers(db).where(eq(customers.id, id));
    if (!row) return undefined;
    const phones = await phonesOf(db, [id]);
    return { row, phones: phones.get(id) ?? [], homeStore: homeStoreOf(row) };
  },

  /** The customer and its phones, in one transaction. Returns the new id. */
  async create(db: Executor, values: CustomerValues & { createdBy: string | null }, phones: readonly PhoneRow[]): Promise<string> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customers)
        .values({ ...values, updatedBy: values.createdBy })
        .returning({ id: customers.id });
      await insertPhones(tx, row!.id, phones);
      return row!.id;
    });
  },

  /**
   * Changes the given columns and, when `phones` is given, replaces the phone set; one transaction.
   * Returns false when there is no such customer.
   */
  async update(
    db: Executor,
    id: string,
    values: Partial<CustomerValues> & { updatedBy: string | null },
    phones: readonly PhoneRow[] | undefined,
  ): Promise<boolean> {
    if (!isUuid(id)) return false;
    return db.transaction(async (tx) => {
      const updated = await tx
        .update(customers)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(customers.id, id))
        .returning({ id: customers.id });
      if (updated.length === 0) return false;
      if (phones) {
        await tx.delete(customerPhones).where(eq(customerPhones.customerId, id));
        await insertPhones(tx, id, phones);
      }
      return true;
    });
  },

  /** Phones, memos and visits go with it; calls keep their history (customer_id becomes null). */
  async delete(db: Executor, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await db.delete(customers).where(eq(customers.id, id)).returning({ id: customers.id });
    return rows.length > 0;
  },

  /** Every customer holding this number (a household phone has several), most recently updated first. */
  async findSummariesByPhone(db: Executor, e164: string): Promise<CustomerSummary[]> {
    return (await customersRepository.findSummariesByPhones(db, [e164])).get(e164)!;
  },

  /** findSummariesByPhone for several numbers in one query (a group of call events, server/calls/ingest.ts). */
  async findSummariesByPhones(db: Executor, e164s: string[]): Promise<Map<string, CustomerSummary[]>> {
    const byPhone = new Map<string, CustomerSummary[]>(e164s.map((e164) => [e164, []]));
    if (e164s.length === 0) return byPhone;
    const rows = await db
      .select({ ...summaryColumns, e164: customerPhones.e164 })
      .from(customerPhones)
      .innerJoin(customers, eq(customers.id, customerPhones.customerId))
      .where(inArray(customerPhones.e164, e164s))
      .orderBy(desc(customers.updatedAt), asc(customers.id));
    for (const { e164, ...summary } of rows) byPhone.get(e164)?.push(summary);
    return byPhone;
  },

  /** The summary with 備考, as the call card shows it once its details load. */
  async getCard(db: Executor, id: string): Promise<CustomerCard | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await db.select({ ...summaryColumns, notes: customers.notes }).from(customers).where(eq(customers.id, id));
    return row;
  },

  async getSummary(db: Executor, id: string): Promise<CustomerSummary | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await db.select(summaryColumns).from(customers).where(eq(customers.id, id));
    return row;
  },
};
