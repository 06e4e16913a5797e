import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Customer } from '../../../../../common/customers';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useCanBlock } from '../hooks/useBlockedNumbers';
import { BlockNumberControl } from './BlockNumberControl';

/** On a 要注意 customer's page, for admins: block (or unblock) each of their numbers in Dialpad. */
export function CustomerBlocking({ customer }: { customer: Pick<Customer, 'id' | 'caution' | 'phones'> }) {
  const t = useT();
  const canBlock = useCanBlock();
  if (!canBlock || !customer.caution || customer.phones.length === 0) return null;
  return (
    <Card withBorder data-testid="customer-blocking">
      <Title order={2} size="h5" mb={4}>
        {t('blocking.customerTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('blocking.customerHelp')}
      </Text>
      <Stack gap={6}>
        {customer.phones.map((p) => (
          <Group key={p.e164} gap="sm" wrap="nowrap">
            <Text size="sm" w={130}>
              {formatPhone(p.e164)}
            </Text>
            <BlockNumberControl phone={p.e164} customerId={customer.id} />
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
