import { Button, Center, Stack, Text } from '@mantine/core';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';
import { CallTable } from '../../calls/components/CallTable';
import { useCallLog } from '../../calls/hooks/useCallLog';

export function CustomerCalls({ customerId }: { customerId: string }) {
  const t = useT();
  const log = useCallLog({ customerId });
  const calls = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm">
      {log.isError && <ErrorNotice error={log.error} />}
      {log.isSuccess && calls.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('call.noRecentCalls')}
        </Text>
      ) : (
        <CallTable calls={calls} />
      )}
      {log.hasNextPage && (
        <Center>
          <Button variant="default" size="xs" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('common.more')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
