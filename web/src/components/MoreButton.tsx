import { Button, type ButtonProps, Center } from '@mantine/core';
import { useT } from '../lib/i18n/i18n';

/** The part of a paged query (useInfiniteQuery) that fetching the next page needs. */
interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "More" under a paged list, while the server has another page. */
export function MoreButton({ list, size }: { list: PagedList; size?: ButtonProps['size'] }) {
  const t = useT();
  if (!list.hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" size={size} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
        {t('common.more')}
      </Button>
    </Center>
  );
}
