import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { StoreBadge } from '../../../components/StoreBadge';
import { isNotFound } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { formatDateTime, formatYen } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';
import { createVisit } from '../api/customers';
import { useCustomerVisits } from '../hooks/useCustomerMemos';

/** "2026-11-24T14:05" typed in Japan → an ISO instant. */
const japanLocalToIso = (value: string): string => new Date(`${value}:00+09:00`).toISOString();

/** Visits, newest first; record a visit. */
export function CustomerVisits({ customerId }: { customerId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const visits = useCustomerVisits(customerId);
  const stores = useStores();
  const [form, setForm] = useState({ visitedAt: '', storeCode: '', menu: '', staffName: '', amountYen: 0 });
  const add = useMutation({
    mutationFn: () =>
      createVisit(customerId, {
        visitedAt: japanLocalToIso(form.visitedAt),
        storeCode: form.storeCode || null,
        menu: form.menu,
        staffName: form.staffName,
        amountYen: form.amountYen,
      }),
    onSuccess: async () => {
      setForm({ visitedAt: '', storeCode: '', menu: '', staffName: '', amountYen: 0 });
      await queryClient.invalidateQueries({ queryKey: keys.customerVisits(customerId) });
    },
  });
  if (visits.isError && isNotFound(visits.error)) return <NotAvailable endpoint="GET /api/customers/:id/visits" />;
  const items = visits.data?.items ?? [];
  return (
    <Stack gap="sm">
      {visits.isError && <ErrorNotice error={visits.error} />}
      {visits.isSuccess && items.length === 0 && <EmptyText>{t('call.noVisits')}</EmptyText>}
      {items.length > 0 && (
        <DataTable
          highlightOnHover={false}
          minWidth={560}
          rows={items}
          rowKey={(visit) => visit.id}
          columns={[
            { header: t('customer.visitDate'), cell: (visit) => formatDateTime(visit.visitedAt), nowrap: true },
            { header: t('calls.store'), cell: (visit) => <StoreBadge store={visit.store} size="sm" /> },
            { header: t('customer.menu'), cell: (visit) => visit.menu },
            { header: t('customer.staff'), cell: (visit) => visit.staffName },
            { header: t('customer.amount'), cell: (visit) => formatYen(visit.amountYen), align: 'right' },
          ]}
        />
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (form.visitedAt) add.mutate();
        }}
      >
        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('customer.addVisit')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="xs">
            <TextInput type="datetime-local" label={t('customer.visitDate')} required value={form.visitedAt} onChange={(e) => setForm({ ...form, visitedAt: e.currentTarget.value })} />
            <Select
              label={t('calls.store')}
              clearable
              value={form.storeCode || null}
              onChange={(code) => setForm({ ...form, storeCode: code ?? '' })}
              data={(stores.data?.items ?? []).map((store) => ({ value: store.code, label: store.name }))}
            />
            <TextInput label={t('customer.menu')} value={form.menu} onChange={(e) => setForm({ ...form, menu: e.currentTarget.value })} />
            <TextInput label={t('customer.staff')} value={form.staffName} onChange={(e) => setForm({ ...form, staffName: e.currentTarget.value })} />
            <NumberInput label={t('customer.amount')} min={0} thousandSeparator="," value={form.amountYen} onChange={(v) => setForm({ ...form, amountYen: typeof v === 'number' ? v : 0 })} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={add.isPending} disabled={!form.visitedAt}>
              {t('common.save')}
            </Button>
          </Group>
          {add.isError && <ErrorNotice error={add.error} />}
        </Stack>
      </form>
    </Stack>
  );
}
