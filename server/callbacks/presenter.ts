import type { CallbackView } from '../../common/callbacks';
import { toNational } from '../../common/phone';
import type { CallbackRow } from './repository';

export function presentCallback(row: CallbackRow): CallbackView {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    phone: toNational(row.phone) ?? row.phone,
    phoneE164: row.phone,
    store: row.storeCode && row.storeName !== null ? { code: row.storeCode, name: row.storeName } : null,
    customer:
      row.customerId && row.customerName !== null
        ? { id: row.customerId, name: row.customerName, nameKana: row.customerNameKana ?? '' }
        : null,
    callCount: row.callIds.length,
    lastCallId: row.callIds.at(-1) ?? '',
    firstCallAt: row.firstCallAt.toISOString(),
    lastCallAt: row.lastCallAt.toISOString(),
    note: row.note,
    closedAt: row.closedAt?.toISOString() ?? null,
    closeReason: row.closeReason,
    closedBy: row.closedBy && row.closedByName !== null ? { id: row.closedBy, name: row.closedByName } : null,
  };
}
