import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { StoreBadge } from '../../../components/StoreBadge';
import type { Visit, VisitSummary } from '../../../lib/api/types';
import { formatDate, formatYen } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { VisitFormModal } from '../../customers/components/VisitFormModal';
import { useCustomer } from '../../customers/hooks/useCustomer';
import { CardSection } from './CardSection';

interface CardVisitsProps {
  summary: VisitSummary | null;
  visits: Visit[];
  limit: number;
  customerId: string;
  /** The call's store: where a visit recorded from this card happened by default (none: the customer's 担当店舗). */
  storeCode: string | null;
}

/** How often they come, and the last visits; record one without leaving the call. */
export function CardVisits({ summary, visits, limit, customerId, storeCode }: CardVisitsProps) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  // A call of no known store: the customer's 担当店舗 instead, read when the form opens.
  const needsHome = adding && storeCode === null;
  const customer = useCustomer(needsHome ? customerId : null);
  const ready = !needsHome || customer.isSuccess || customer.isError;
  return (
    <CardSection title={t('call.visits')} testId="visits">
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Text size="sm" data-testid="visit-summary">
          {summary && summary.count > 0
            ? t('call.visitSummary', { count: summary.count, last: formatDate(summary.lastVisitAt), total: formatYen(summary.totalYen) })
            : t('call.visitSummaryNone')}
        </Text>
        <Button size="compact-xs" variant="light" onClick={() => setAdding(true)} style={{ flexShrink: 0 }} data-testid="card-add-visit">
          {t('customer.addVisit')}
        </Button>
      </Group>
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
      {adding && ready && (
        <VisitFormModal customerId={customerId} defaultStoreCode={storeCode ?? customer.data?.homeStore?.code ?? null} opened onClose={() => setAdding(false)} />
      )}
    </CardSection>
  );
}
