import type { CallbackAttempt, CallbackView } from '../../common/callbacks';
import { toNational } from '../../common/phone';
import type { AttemptRow } from './attempts-repository';
import { type CallbackRow, queueOf } from './repository';

function presentAttempt(row: AttemptRow): CallbackAttempt {
  return {
    id: row.id,
    user: row.userId && row.userName !== null ? { id: row.userId, name: row.userName } : null,
    startedAt: row.startedAt.toISOString(),
    outcome: row.outcome,
    reason: row.reason,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    durationMs: row.durationMs,
  };
}

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
    owner: row.ownerId && row.ownerName !== null ? { id: row.ownerId, name: row.ownerName } : null,
    queue: queueOf(row.kind),
    attemptCount: row.attempts.filter((a) => a.outcome !== 'failed').length,
    attempts: row.attempts.map(presentAttempt),
    hasVoicemail: row.reason === 'voicemail' || row.voicemailUrl !== null,
    voicemailUrl: row.voicemailUrl,
  };
}
