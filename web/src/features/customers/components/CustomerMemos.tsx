import { Button, Checkbox, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyText } from '../../../components/EmptyText';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotAvailable } from '../../../components/NotAvailable';
import { isNotFound } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { createMemo, updateMemo } from '../api/customers';
import { useCustomerMemos } from '../hooks/useCustomerMemos';
import { CustomerMemoItem } from './CustomerMemoItem';

/** The customer's memos, pinned first; add one, pin or unpin, edit or delete (CustomerMemoItem). */
export function CustomerMemos({ customerId }: { customerId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const memos = useCustomerMemos(customerId);
  const [body, setBody] = useState('');
  const [pinned, setPinned] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.customerMemos(customerId) });
  const add = useMutation({
    mutationFn: () => createMemo(customerId, { body: body.trim(), pinned }),
    onSuccess: async () => {
      setBody('');
      setPinned(false);
      await refresh();
    },
  });
  const pin = useMutation({
    mutationFn: ({ id, value }: { id: string; value: boolean }) => updateMemo(customerId, id, { pinned: value }),
    onSuccess: refresh,
  });
  if (memos.isError && isNotFound(memos.error)) return <NotAvailable endpoint="GET /api/customers/:id/memos" />;
  const items = [...(memos.data?.items ?? [])].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack gap="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim()) add.mutate();
        }}
      >
        <Stack gap={6}>
          <Textarea label={t('customer.addMemo')} autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="customer-memo-input" />
          <Group justify="space-between">
            <Checkbox label={t('customer.pin')} checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} />
            <Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>
              {t('common.save')}
            </Button>
          </Group>
          {add.isError && <ErrorNotice error={add.error} />}
        </Stack>
      </form>
      {memos.isError && <ErrorNotice error={memos.error} />}
      {memos.isSuccess && items.length === 0 && <EmptyText>{t('call.noMemos')}</EmptyText>}
      {items.map((memo) => (
        <CustomerMemoItem key={memo.id} customerId={customerId} memo={memo} onPin={(m) => pin.mutate({ id: m.id, value: !m.pinned })} />
      ))}
      {pin.isError && <ErrorNotice error={pin.error} />}
    </Stack>
  );
}
