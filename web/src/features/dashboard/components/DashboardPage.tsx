import { SimpleGrid, Stack } from '@mantine/core';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { CallbackQueueCard } from './CallbackQueueCard';
import { RingingNowCard } from './RingingNowCard';
import { TodayByStoreCard } from './TodayByStoreCard';

export function DashboardPage() {
  const t = useT();
  return (
    <Stack gap="md">
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <RingingNowCard />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <TodayByStoreCard />
        <CallbackQueueCard />
      </SimpleGrid>
    </Stack>
  );
}
