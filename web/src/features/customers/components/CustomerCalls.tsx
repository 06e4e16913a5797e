import { Stack } from '@mantine/core';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MoreButton } from '../../../components/MoreButton';
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
        <EmptyText>{t('call.noRecentCalls')}</EmptyText>
      ) : (
        <CallTable calls={calls} />
      )}
      <MoreButton list={log} size="xs" />
    </Stack>
  );
}
