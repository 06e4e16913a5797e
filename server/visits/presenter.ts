import type { VisitSummaryView, VisitView } from '../../common/visits';
import type { VisitRow, VisitSummary } from './repository';

export function presentVisit(row: VisitRow): VisitView {
  return {
    id: row.id,
    visitedAt: row.visitedAt.toISOString(),
    store: row.storeCode !== null && row.storeName !== null ? { code: row.storeCode, name: row.storeName } : null,
    menu: row.menu,
    staffName: row.staffName,
    amountYen: row.amountYen,
    note: row.note,
    createdBy: row.createdBy,
  };
}

export function presentVisitSummary(summary: VisitSummary): VisitSummaryView {
  return {
    count: summary.count,
    lastVisitAt: summary.lastVisitAt?.toISOString() ?? null,
    totalYen: summary.totalYen,
    topStore: summary.topStore,
  };
}
