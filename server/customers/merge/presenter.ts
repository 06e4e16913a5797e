import { type CustomerMergeView, mergeSnapshotSchema } from '../../../common/customers';
import type { MergeRow } from './repository';

/** A merge record: what went into the customer, when, by whom, and how much moved. */
export function presentMerge(row: MergeRow): CustomerMergeView {
  return {
    id: row.id,
    targetId: row.targetId,
    sourceId: row.sourceId,
    // jsonb comes back untyped: parse it rather than trust a cast.
    source: mergeSnapshotSchema.parse(row.sourceSnapshot),
    mergedBy: row.mergedBy ? { id: row.mergedBy, name: row.mergedByName ?? '' } : null,
    mergedAt: row.mergedAt.toISOString(),
    moved: row.moved,
  };
}
