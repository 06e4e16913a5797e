import { Alert, Autocomplete, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';
import { sendTestCall } from '../api/dialpad';
import { testNumbers } from '../lib/testNumbers';

/** テスト着信: a call through the same pipeline as Dialpad's, to check screens pop. */
export function TestCallForm() {
  const t = useT();
  const stores = useStores();
  const [customerPhone, setCustomerPhone] = useState('090-1234-5678');
  const [incomingNumber, setIncomingNumber] = useState('');
  const send = useMutation({ mutationFn: () => sendTestCall(customerPhone.trim(), incomingNumber.trim()) });
  // A number inside each store's prefixes, offered while any number can still be typed.
  const suggestions = testNumbers(stores.data?.items ?? []);
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
          <Autocomplete
            label={t('dialpad.incomingNumber')}
            description={t('dialpad.incomingNumberHelp')}
            data={suggestions.groups}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{option.value}</Text>
                <Text size="xs" c="dimmed">
                  {suggestions.storeOf.get(option.value)}
                </Text>
              </Group>
            )}
            value={incomingNumber}
            onChange={setIncomingNumber}
            required
            inputMode="tel"
            w={360}
            data-testid="test-call-incoming"
          />
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
