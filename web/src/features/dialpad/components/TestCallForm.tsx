import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';
import { sendTestCall } from '../api/dialpad';

/** テスト着信: a call through the same pipeline as Dialpad's, to check screens pop. */
export function TestCallForm() {
  const t = useT();
  const stores = useStores();
  const [customerPhone, setCustomerPhone] = useState('090-1234-5678');
  const [incomingNumber, setIncomingNumber] = useState('');
  const send = useMutation({ mutationFn: () => sendTestCall(customerPhone.trim(), incomingNumber.trim()) });
  // A store's prefix padded to a whole number is a handy "dialled number".
  const suggestions = (stores.data?.items ?? []).flatMap((store) =>
    store.phonePrefixes.slice(0, 1).map((prefix) => ({ value: prefix.padEnd(11, '0').slice(0, 11), label: `${store.name} (${formatPhone(prefix.padEnd(11, '0').slice(0, 11))})` })),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
      data-testid="test-call-form"
    >
      <Stack gap="sm">
        <Text size="sm">{t('dialpad.testCallHelp')}</Text>
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput label={t('dialpad.customerPhone')} value={customerPhone} onChange={(e) => setCustomerPhone(e.currentTarget.value)} required inputMode="tel" w={220} />
          {suggestions.length > 0 ? (
            <Select
              label={t('dialpad.incomingNumber')}
              data={suggestions}
              value={incomingNumber || null}
              onChange={(v) => setIncomingNumber(v ?? '')}
              searchable
              w={300}
            />
          ) : (
            <TextInput label={t('dialpad.incomingNumber')} value={incomingNumber} onChange={(e) => setIncomingNumber(e.currentTarget.value)} required inputMode="tel" w={220} />
          )}
          <Button type="submit" loading={send.isPending} disabled={!customerPhone.trim() || !incomingNumber.trim()} data-testid="test-call-button">
            {t('dialpad.testCall')}
          </Button>
        </Group>
        {send.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('dialpad.testSent', { callId: send.data.data.callId })}
          </Alert>
        )}
        {send.isError && <ErrorNotice error={send.error} />}
      </Stack>
    </form>
  );
}
