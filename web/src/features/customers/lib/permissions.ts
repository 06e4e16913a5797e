import { mayChangeMemo, mayWriteVisit } from '../../../../../common/record-rules';
import type { Memo, Visit } from '../../../lib/api/types';
import { useSession } from '../../../lib/session';

export interface RecordPermissions {
  /** Change the words of a memo, or delete it. */
  memo(memo: Memo): boolean;
  /** Change or delete a visit. */
  visit(visit: Visit): boolean;
  /** Record a new visit for this store (null: no store). */
  newVisit(storeCode: string | null): boolean;
}

/** The server's rule (common/record-rules) for the signed-in user: which buttons to show. */
export function useRecordPermissions(): RecordPermissions {
  const user = useSession()?.user;
  return {
    memo: (memo) => !!user && mayChangeMemo(user, memo.author?.id ?? null),
    visit: (visit) => !!user && mayWriteVisit(user, { storeCode: visit.store?.code ?? null, authorId: visit.createdBy }),
    newVisit: (storeCode) => !!user && mayWriteVisit(user, { storeCode, authorId: user.id }),
  };
}
