import { Card, Stack } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { CALL_STATES } from '../../../../../common/calls';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MoreButton } from '../../../components/MoreButton';
import { PageTitle } from '../../../components/PageTitle';
import { japanDayBoundary } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useCallLog } from '../hooks/useCallLog';
import { type CallLogForm, CallFiltersBar } from './CallFiltersBar';
import { CallTable } from './CallTable';

/** The call log, filtered by store, outcome and date (kept in the address, so a filtered view can be shared). */
export function CallLogPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const form: CallLogForm = {
    store: params.get('store') ?? '',
    state: CALL_STATES.find((s) => s === params.get('state')) ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const log = useCallLog({
    store: form.store || undefined,
    state: form.state || undefined,
    from: form.from ? japanDayBoundary(form.from, false) : undefined,
    to: form.to ? japanDayBoundary(form.to, true) : undefined,
  });
  const calls = log.data?.pages.flatMap((page) => page.items) ?? [];
  const update = (next: CallLogForm): void => {
    const entries = Object.entries(next).filter(([, value]) => value !== '');
    setParams(new URLSearchParams(entries), { replace: true });
  };
  return (
    <Stack gap="md">
      <PageTitle>{t('calls.title')}</PageTitle>
      <CallFiltersBar value={form} onChange={update} />
      {log.isError && <ErrorNotice error={log.error} />}
      <Card withBorder padding={0}>
        <CallTable calls={calls} loaded={log.isSuccess} emptyText={t('calls.empty')} />
      </Card>
      <MoreButton list={log} />
    </Stack>
  );
}
