import type { Executor } from '../../db/client';
import { contactOutboxRepository, type OutboxChange } from './repository';

export type { OutboxChange, OutboxOp } from './repository';

/**
 * Queues customer changes for Dialpad's shared contacts when sync is on (DIALPAD_CONTACTS_SYNC).
 * Call it with the transaction that makes the change: a rolled-back change queues nothing, and a
 * committed one is never lost.
 */
export async function queueContactChanges(db: Executor, enabled: boolean, changes: readonly OutboxChange[]): Promise<void> {
  if (enabled) await contactOutboxRepository.enqueue(db, changes);
}

/** The customer fields a Dialpad contact shows (server/dialpad/contacts/contact.ts): a change to others sends nothing. */
const CONTACT_INPUTS = ['name', 'phones', 'email', 'caution', 'homeStoreCode'] as const;

/** Whether a customer PATCH body can change the contact (a 備考 or tags edit cannot). */
export function touchesContact(patch: Partial<Record<(typeof CONTACT_INPUTS)[number], unknown>>): boolean {
  return CONTACT_INPUTS.some((field) => patch[field] !== undefined);
}
