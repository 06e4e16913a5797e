import type { CustomerMergeMoved } from '../../../common/customers';
import type { Executor } from '../../db/client';
import { isUuid } from '../../db/uuid';
import { queueContactChanges } from '../../dialpad/contacts/outbox';
import { AppError, badRequest } from '../../http/errors';
import { presentCustomer } from '../presenter';
import { customersRepository } from '../repository';
import type { CustomerValues } from '../rows';
import { type LockedCustomer, mergeRepository } from './repository';

/**
 * Merging two records of one person: everything of the source moves to the target, the target's
 * blanks are filled from the source, the source as it was is kept in customer_merges, and the
 * source row is deleted; one transaction, so a failure leaves both records as they were.
 */

export interface MergeInput {
  /** The record that stays. */
  targetId: string;
  /** The record folded into it and deleted. */
  sourceId: string;
  userId: string;
  /** DIALPAD_CONTACTS_SYNC: the source's Dialpad contact is deleted and the target's updated, queued in the merge's transaction. */
  syncContacts?: boolean;
}

export interface MergeResult {
  mergeId: string;
  targetId: string;
  moved: CustomerMergeMoved;
}

type MergedFields = Pick<
  LockedCustomer,
  'name' | 'nameKana' | 'email' | 'birthday' | 'homeStoreId' | 'tags' | 'caution' | 'cautionReason' | 'notes' | 'externalId'
>;

/** Marks where notes taken over from the source begin, and whose they were. */
export const notesSeparator = (sourceName: string): string => `\n\n--- ${sourceName} から統合 ---\n`;

/**
 * The target's fields after the merge: its own values win, blanks take the source's; notes are
 * appended, tags united, and a caution on either stays (with both reasons).
 */
export function combineFields(target: MergedFields, source: MergedFields): Omit<CustomerValues, 'name'> & { externalId: string | null } {
  const reasons = [target, source].filter((c) => c.caution && c.cautionReason.trim() !== '').map((c) => c.cautionReason.trim());
  const notes =
    source.notes.trim() === '' || source.notes === target.notes
      ? target.notes
      : target.notes.trim() === ''
        ? source.notes
        : `${target.notes}${notesSeparator(source.name)}${source.notes}`;
  return {
    nameKana: target.nameKana || source.nameKana,
    email: target.email ?? source.email,
    birthday: target.birthday ?? source.birthday,
    homeStoreId: target.homeStoreId ?? source.homeStoreId,
    // So that re-importing the CSV the source came from updates the target instead of recreating the source.
    externalId: target.externalId ?? source.externalId,
    tags: [...new Set([...target.tags, ...source.tags])],
    caution: target.caution || source.caution,
    cautionReason: [...new Set(reasons)].join(' / '),
    notes,
  };
}

/** 404 for a customer that is not there, saying where it went when a merge took it. */
async function gone(db: Executor, id: string, field: 'params.id' | 'body.sourceId'): Promise<AppError> {
  const merged = isUuid(id) ? await mergeRepository.findBySource(db, id) : undefined;
  const what = field === 'params.id' ? 'Customer' : 'Customer to merge (body.sourceId)';
  const message = merged
    ? `${what} was already merged into customer ${merged.targetId}`
    : `${what} not found; it may have been merged into another customer already`;
  return new AppError('not_found', message, [{ field, ...(merged ? { mergedInto: merged.targetId } : {}) }]);
}

/** Merges `sourceId` into `targetId` (see the file comment). 400 for a self-merge, 404 when either is gone. */
export async function mergeCustomers(db: Executor, input: MergeInput): Promise<MergeResult> {
  // URLs may spell a uuid in capitals: compare them as the database does, or a customer could be "merged" into itself and deleted.
  const targetId = input.targetId.toLowerCase();
  const sourceId = input.sourceId.toLowerCase();
  if (targetId === sourceId) {
    throw badRequest('body.sourceId: a customer cannot be merged into itself', [{ field: 'body.sourceId', message: 'Same customer as the target', code: 'same_customer' }]);
  }
  if (!isUuid(targetId)) throw await gone(db, targetId, 'params.id');
  if (!isUuid(sourceId)) throw await gone(db, sourceId, 'body.sourceId');

  return db.transaction(async (tx) => {
    // A merge of the same source running at the same time waits here; once it commits the source is gone (404 below).
    const locked = await mergeRepository.lockCustomers(tx, [targetId, sourceId]);
    const target = locked.get(targetId);
    const source = locked.get(sourceId);
    if (!target) throw await gone(tx, targetId, 'params.id');
    if (!source) throw await gone(tx, sourceId, 'body.sourceId');

    // The snapshot is the record as the API showed it (so the merges list shows it like any customer), plus what the API does not show.
    const before = await customersRepository.findById(tx, sourceId);
    if (!before) throw await gone(tx, sourceId, 'body.sourceId');
    const sourceSnapshot = { ...presentCustomer(before.row, before.phones, before.homeStore), externalId: source.externalId };

    const records = await mergeRepository.moveRecords(tx, sourceId, targetId);
    const phones = await mergeRepository.movePhones(tx, sourceId, targetId);
    const moved: CustomerMergeMoved = { ...records, phones };
    const mergeId = await mergeRepository.record(tx, { targetId, sourceId, sourceSnapshot, mergedBy: input.userId, moved });
    // The cascade now only takes what the target already had (numbers both held); and the source's
    // external id is free for the target (it is unique).
    await mergeRepository.deleteCustomer(tx, sourceId);
    await mergeRepository.updateTarget(tx, targetId, { ...combineFields(target, source), updatedBy: input.userId });
    await queueContactChanges(tx, input.syncContacts ?? false, [
      { customerId: sourceId, op: 'delete' },
      { customerId: targetId, op: 'upsert' },
    ]);
    return { mergeId, targetId, moved };
  });
}
