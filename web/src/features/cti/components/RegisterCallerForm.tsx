import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreRef } from '../../../../../common/stores';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { linkCallCustomer } from '../api/calls';
import { useCti } from '../hooks/useCti';

/**
 * 新規登録: a customer with the caller's number, created and linked to this call in one request.
 * No homeStoreCode is sent: the server gives them the call's store as 担当店舗 (said under the form).
 */
export function RegisterCallerForm({ callId, phone, store = null, onDone }: { callId: string; phone: string | null; store?: StoreRef | null; onDone?: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { linked } = useCti();
  const [name, setName] = useState('');
  const [nameKana, setNameKana] = useState('');
  const [number, setNumber] = useState(formatPhone(phone));
  const register = useMutation({
    mutationFn: () =>
      linkCallCustomer(callId, { create: { name: name.trim(), nameKana: nameKana.trim(), phones: number.trim() ? [number.trim()] : [] } }),
    onSuccess: async (detail) => {
      queryClient.setQueryData(keys.call(callId), detail);
      if (detail.customer) linked(callId, detail.customer);
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      onDone?.();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) register.mutate();
      }}
      data-testid="register-form"
    >
      <Stack gap={6}>
        <TextInput label={t('customer.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required size="sm" data-autofocus />
        <TextInput label={t('customer.nameKana')} value={nameKana} onChange={(e) => setNameKana(e.currentTarget.value)} size="sm" />
        <TextInput label={t('customer.phone')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} size="sm" inputMode="tel" />
        <Group justify={store ? 'space-between' : 'flex-end'}>
          {store && (
            <Text size="xs" c="dimmed" data-testid="register-home-store">
              {t('call.homeStoreFromCall', { store: store.name })}
            </Text>
          )}
          <Button type="submit" size="xs" loading={register.isPending} disabled={!name.trim()}>
            {t('call.register')}
          </Button>
        </Group>
        {register.isError && <ErrorNotice error={register.error} />}
      </Stack>
    </form>
  );
}
