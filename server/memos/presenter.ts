import type { MemoView } from '../../common/memos';
import { callScope, can } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import type { MemoRow } from './repository';

/** A memo as `user` sees it: the call it was written on only when they may see that call. */
export function presentMemo(row: MemoRow, user: SessionUser): MemoView {
  const scope = callScope({ storeCode: row.callStoreCode, agentDialpadId: row.callAgentDialpadId, answeredByDialpadId: row.callAnsweredByDialpadId });
  return {
    id: row.id,
    body: row.body,
    pinned: row.pinned,
    callId: row.callId !== null && can(user, 'calls:read', scope) ? row.callId : null,
    // A deleted author's memos stay, without a name to show.
    author: row.authorId ? { id: row.authorId, name: row.authorName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
