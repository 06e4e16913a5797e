import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { InfoField } from './InfoField';
import { StoreBadge } from '../../../components/StoreBadge';
import type { Customer } from '../../../lib/api/types';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CallButton } from '../../outbound/components/CallButton';

/** The record's fields, read-only. */
export function CustomerInfo({ customer }: { customer: Customer }) {
  const t = useT();
  return (
    <Stack gap="sm">
      {customer.caution && (
        <Badge color="red" size="lg" variant="filled" data-testid="caution-flag">
          ⚠ {t('call.caution')}
          {customer.cautionReason ? `: ${customer.cautionReason}` : ''}
        </Badge>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <InfoField label={t('customer.phones')}>
          {customer.phones.map((p) => (
            <Group key={p.e164} gap="xs" wrap="nowrap">
              <Text ff="monospace">{p.display}</Text>
              <CallButton phone={p.e164} customerId={customer.id} size="compact-xs" />
            </Group>
          ))}
        </InfoField>
        <InfoField label={t('customer.email')}>{customer.email}</InfoField>
        <InfoField label={t('customer.birthday')}>{customer.birthday ? formatDate(`${customer.birthday}T00:00:00+09:00`) : ''}</InfoField>
        <InfoField label={t('customer.homeStore')}>{customer.homeStore && <StoreBadge store={customer.homeStore} />}</InfoField>
        <InfoField label={t('customer.tags')}>
          {customer.tags.length > 0 && (
            <Group gap={4}>
              {customer.tags.map((tag) => (
                <Badge key={tag} variant="outline" color="gray">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </InfoField>
        {customer.externalId && (
          <InfoField label={t('customer.externalId')}>
            <Text ff="monospace" data-testid="customer-external-id">
              {customer.externalId}
            </Text>
          </InfoField>
        )}
        <InfoField label={t('customer.updatedAt')}>
          <Text size="xs" c="dimmed">
            {formatDateTime(customer.updatedAt)}
            {customer.updatedBy ? ` · ${customer.updatedBy.name}` : ''}
          </Text>
        </InfoField>
      </SimpleGrid>
      {customer.notes && (
        <InfoField label={t('customer.notes')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {customer.notes}
          </Text>
        </InfoField>
      )}
    </Stack>
  );
}
