import { Anchor, Card, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MoreButton } from '../../../components/MoreButton';
import { PageTitle } from '../../../components/PageTitle';
import type { DuplicateCustomer, DuplicateReason } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { useDuplicates } from '../hooks/useDuplicates';
import { DuplicateGroupCard } from './DuplicateGroupCard';
import { MergeCustomerModal } from './MergeCustomerModal';

const parseReason = (value: string | null): DuplicateReason | undefined => (value === 'phone' || value === 'name' ? value : undefined);

/** Groups of customers that may be one person (GET /api/customers/duplicates); admins merge them. */
export function DuplicatesPage() {
  const t = useT();
  // Anyone may look (the server lets staff read them); merging deletes a record, so admins only.
  const isAdmin = useSession()?.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const reason = parseReason(params.get('reason'));
  const duplicates = useDuplicates(reason);
  const [merging, setMerging] = useState<{ target: DuplicateCustomer; others: DuplicateCustomer[] } | null>(null);
  const groups = duplicates.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/customers" size="sm">
        ← {t('nav.customers')}
      </Anchor>
      <PageTitle>{t('duplicates.title')}</PageTitle>
      <Text size="sm" mt={-12}>
        {t('duplicates.help')}
        {!isAdmin && ` ${t('duplicates.adminOnly')}`}
      </Text>
      <SegmentedControl
        aria-label={t('duplicates.filter')}
        value={reason ?? 'all'}
        onChange={(value) => setParams(value === 'all' ? {} : { reason: value }, { replace: true })}
        data={[
          { value: 'all', label: t('common.all') },
          { value: 'phone', label: t('duplicates.reason.phone') },
          { value: 'name', label: t('duplicates.reason.name') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {duplicates.isPending && <Loader aria-label={t('common.loading')} />}
      {duplicates.isError && <ErrorNotice error={duplicates.error} title={t('duplicates.loadError')} />}
      {duplicates.isSuccess && groups.length === 0 && (
        <Card withBorder>
          <Text c="dimmed" data-testid="duplicates-empty">
            {t('duplicates.empty')}
          </Text>
        </Card>
      )}
      {groups.map((group) => (
        <DuplicateGroupCard
          key={`${group.reason}:${group.key}:${group.customers[0]?.id ?? ''}`}
          group={group}
          onKeep={isAdmin ? (target, others) => setMerging({ target, others }) : undefined}
        />
      ))}
      <MoreButton list={duplicates} />
      {isAdmin && merging && (
        <MergeCustomerModal customer={merging.target} candidates={merging.others} opened onClose={() => setMerging(null)} />
      )}
    </Stack>
  );
}
