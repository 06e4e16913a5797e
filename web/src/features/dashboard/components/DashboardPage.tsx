import { SimpleGrid, Stack } from '@mantine/core';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { AfterHoursCard } from './AfterHoursCard';
import { CallbackQueueCard } from './CallbackQueueCard';
import { ReportCard } from './ReportCard';
import { RingingNowCard } from './RingingNowCard';
import { TodayByStoreCard } from './TodayByStoreCard';

export function DashboardPage() {
  const t = useT();
  return (
    <Stack gap="md">
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <RingingNowCard />
      {/* By the page's own width, not the window's: a docked call narrows the page (900 px fits both tables). */}
      <SimpleGrid type="container" cols={{ base: 1, '900px': 2 }} spacing={{ base: 'md' }}>
        <TodayByStoreCard />
        <CallbackQueueCard />
        <AfterHoursCard />
      </SimpleGrid>
      <ReportCard />
    </Stack>
  );
}
