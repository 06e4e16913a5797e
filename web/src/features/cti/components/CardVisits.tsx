import { Group, Stack, Text } from '@mantine/core';
import { StoreBadge } from '../../../components/StoreBadge';
import type { Visit, VisitSummary } from '../../../lib/api/types';
import { formatDate, formatYen } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CardSection } from './CardSection';

/** How often they come, and the last visits. */
export function CardVisits({ summary, visits, limit }: { summary: VisitSummary | null; visits: Visit[]; limit: number }) {
  const t = useT();
  return (
    <CardSection title={t('call.visits')} testId="visits">
      <Text size="sm" data-testid="visit-summary">
        {summary && summary.count > 0
          ? t('call.visitSummary', { count: summary.count, last: formatDate(summary.lastVisitAt), total: formatYen(summary.totalYen) })
          : t('call.visitSummaryNone')}
      </Text>
      {summary?.topStore && (
        <Text size="xs" c="dimmed">
          {t('call.topStore', { store: summary.topStore.name })}
        </Text>
      )}
      {visits.length > 0 && (
        <Stack gap={2}>
          {visits.slice(0, limit).map((visit) => (
            <Group key={visit.id} gap={6} wrap="nowrap" align="baseline">
              <Text size="sm" ff="monospace" style={{ flexShrink: 0 }}>
                {formatDate(visit.visitedAt)}
              </Text>
              <StoreBadge store={visit.store} size="sm" />
              <Text size="sm" truncate="end" style={{ flex: 1, minWidth: 0 }}>
                {[visit.menu, visit.staffName].filter(Boolean).join(' · ')}
              </Text>
              <Text size="sm" style={{ flexShrink: 0 }}>
                {formatYen(visit.amountYen)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </CardSection>
  );
}
