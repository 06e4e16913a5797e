import type { Customer, CustomerListItem, CustomerPhone } from '../../common/customers';
import { formatPhone, toNational } from '../../common/phone';
import type { CustomerRecord, CustomerRow, PhoneRow, StoreRef } from './rows';

export function presentPhone(phone: PhoneRow): CustomerPhone {
  return {
    e164: phone.e164,
    national: toNational(phone.e164) ?? phone.e164,
    display: formatPhone(phone.e164),
    label: phone.label,
  };
}

/** A customer's record as staff see it. Search keys and internal ids of stores stay on the server. */
export function presentCustomer(row: CustomerRow, phones: readonly PhoneRow[], homeStore: StoreRef | null): Customer {
  return {
    id: row.id,
    name: row.name,
    nameKana: row.nameKana,
    phones: phones.map(presentPhone),
    email: row.email,
    birthday: row.birthday,
    homeStore,
    tags: row.tags,
    caution: row.caution,
    cautionReason: row.cautionReason,
    notes: row.notes,
    externalId: row.externalId,
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? '' } : null,
    updatedBy: row.updatedById ? { id: row.updatedById, name: row.updatedByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A search result: who it is and how to reach them; no email, birthday or notes. */
export function presentCustomerListItem({ row, phones, homeStore }: CustomerRecord): CustomerListItem {
  return {
    id: row.id,
    name: row.name,
    nameKana: row.nameKana,
    phones: phones.map(presentPhone),
    homeStore,
    tags: row.tags,
    caution: row.caution,
    updatedAt: row.updatedAt.toISOString(),
  };
}
