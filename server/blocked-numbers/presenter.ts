import type { BlockedNumberView } from '../../common/blocked-numbers';
import { toNational } from '../../common/phone';
import type { BlockedNumberRow } from './repository';

export function presentBlockedNumber(row: BlockedNumberRow): BlockedNumberView {
  return {
    id: row.id,
    e164: row.e164,
    phone: toNational(row.e164) ?? row.e164,
    reason: row.reason,
    customerId: row.customerId,
    customerName: row.customerName,
    blockedBy: row.blockedById && row.blockedByName ? { id: row.blockedById, name: row.blockedByName } : null,
    blockedAt: row.blockedAt.toISOString(),
  };
}
