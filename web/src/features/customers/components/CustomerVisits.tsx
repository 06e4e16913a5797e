import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { StoreBadge } from '../../../components/StoreBadge';
import { isNotFound } from '../../../lib/api/http';
import type { Visit } from '../../../lib/api/types';
import { formatDateTime, formatYen } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useCustomerVisits } from '../hooks/useCustomerMemos';
import { useVisitMutations } from '../hooks/useRecordMutations';
import { useRecordPermissions } from '../lib/permissions';
import { newVisitValues } from '../lib/visitForm';
import { ConfirmDeleteModal } from './ConfirmDeleteModal';
import { VisitForm } from './VisitForm';
import { VisitFormModal } from './VisitFormModal';

/** Visits, newest first; record one (now, at the customer's 担当店舗), change or delete one. */
export function CustomerVisits({ customerId, homeStoreCode }: { customerId: string; homeStoreCode: string | null }) {
  const t = useT();
  const visits = useCustomerVisits(customerId);
  const may = useRecordPermissions();
  const { create, remove } = useVisitMutations(customerId);
  const [saved, setSaved] = useState(0);
  const [editing, setEditing] = useState<Visit | null>(null);
  const [deleting, setDeleting] = useState<Visit | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };
  if (visits.isError && isNotFound(visits.error)) return <NotAvailable endpoint="GET /api/customers/:id/visits" />;
  const items = visits.data?.items ?? [];
  return (
    <Stack gap="sm">
      {visits.isError && <ErrorNotice error={visits.error} />}
      {visits.isSuccess && items.length === 0 && <EmptyText>{t('call.noVisits')}</EmptyText>}
      {items.length > 0 && (
        <DataTable
          data-testid="visit-table"
          highlightOnHover={false}
          minWidth={640}
          rows={items}
          rowKey={(visit) => visit.id}
          columns={[
            { header: t('customer.visitDate'), cell: (visit) => formatDateTime(visit.visitedAt), nowrap: true },
            { header: t('calls.store'), cell: (visit) => <StoreBadge store={visit.store} size="sm" /> },
            { header: t('customer.menu'), cell: (visit) => visit.menu },
            { header: t('customer.staff'), cell: (visit) => visit.staffName },
            { header: t('customer.amount'), cell: (visit) => formatYen(visit.amountYen), align: 'right', nowrap: true },
            {
              cell: (visit) =>
                may.visit(visit) && (
                  <Group gap={2} wrap="nowrap" justify="flex-end">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(visit)} data-testid="visit-edit">
                      {t('common.edit')}
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(visit)} data-testid="visit-delete">
                      {t('records.delete')}
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
      )}
      <Stack gap={6}>
        <Text fw={600} size="sm">
          {t('customer.addVisit')}
        </Text>
        <VisitForm
          layout="grid"
          resetKey={saved}
          initial={newVisitValues(homeStoreCode)}
          pending={create.isPending}
          error={create.isError ? create.error : undefined}
          onSubmit={(input) => create.mutate(input, { onSuccess: () => setSaved((n) => n + 1) })}
        />
      </Stack>
      {editing && <VisitFormModal key={editing.id} customerId={customerId} visit={editing} opened onClose={() => setEditing(null)} />}
      <ConfirmDeleteModal
        opened={deleting !== null}
        title={t('records.visitDeleteTitle')}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
      >
        {deleting && (
          <Text size="sm">
            {t('records.visitDeleteConfirm', {
              date: formatDateTime(deleting.visitedAt),
              store: deleting.store?.name ?? t('records.noStore'),
              amount: formatYen(deleting.amountYen),
            })}
          </Text>
        )}
      </ConfirmDeleteModal>
    </Stack>
  );
}
