import type { DuplicateGroup } from '../../../common/customers';
import { toNational } from '../../../common/phone';
import { presentCustomerListItem } from '../presenter';
import type { DuplicateGroupRecord } from './repository';

/** A group as the merge screen shows it: most recently updated first (usually the record to keep). */
export function presentDuplicateGroup(group: DuplicateGroupRecord): DuplicateGroup {
  const members = [...group.members].sort((a, b) => b.row.updatedAt.getTime() - a.row.updatedAt.getTime() || a.row.id.localeCompare(b.row.id));
  const customers = members.map((m) => ({ ...presentCustomerListItem(m), counts: m.counts }));
  // The normalized key (やまだはなこ, lower-case Latin) is for matching; people read the name as written.
  const key = group.reason === 'phone' ? (toNational(group.key) ?? group.key) : (customers[0]?.name ?? group.key);
  return { reason: group.reason, key, total: group.total, customers };
}
