import type { PurposeView } from '../../common/purposes';
import type { PurposeRow } from './repository';

export function presentPurpose(row: PurposeRow): PurposeView {
  return { id: row.id, label: row.label, position: row.position, archivedAt: row.archivedAt?.toISOString() ?? null };
}
