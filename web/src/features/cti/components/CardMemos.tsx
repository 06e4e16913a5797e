import { Stack } from '@mantine/core';
import { EmptyText } from '../../../components/EmptyText';
import type { Memo } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { CardSection } from './CardSection';
import { MemoItem } from './MemoItem';

/** Pinned memos first, then the latest ones; those the user may change can be edited or deleted in place. */
export function CardMemos({ memos, latest, customerId }: { memos: Memo[]; latest: number; customerId: string | null }) {
  const t = useT();
  const pinned = memos.filter((m) => m.pinned);
  const recent = memos
    .filter((m) => !m.pinned)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, latest);
  return (
    <>
      {pinned.length > 0 && (
        <CardSection title={t('call.pinnedMemos')} testId="pinned-memos">
          <Stack gap={4}>
            {pinned.map((memo) => (
              <MemoItem key={memo.id} memo={memo} pinned customerId={customerId} />
            ))}
          </Stack>
        </CardSection>
      )}
      <CardSection title={t('call.latestMemos')} testId="latest-memos">
        {recent.length === 0 ? (
          <EmptyText>{t('call.noMemos')}</EmptyText>
        ) : (
          <Stack gap={4}>
            {recent.map((memo) => (
              <MemoItem key={memo.id} memo={memo} customerId={customerId} />
            ))}
          </Stack>
        )}
      </CardSection>
    </>
  );
}
