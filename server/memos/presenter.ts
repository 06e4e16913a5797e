import type { MemoView } from '../../common/memos';
import type { MemoRow } from './repository';

export function presentMemo(row: MemoRow): MemoView {
  return {
    id: row.id,
    body: row.body,
    pinned: row.pinned,
    callId: row.callId,
    // A deleted author's memos stay, without a name to show.
    author: row.authorId ? { id: row.authorId, name: row.authorName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
