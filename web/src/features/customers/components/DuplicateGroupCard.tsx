import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { StoreBadge } from '../../../components/StoreBadge';
import type { DuplicateCustomer, DuplicateGroup } from '../../../lib/api/types';
import { formatDate, formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CustomerNameCell } from './CustomerNameCell';

interface DuplicateGroupCardProps {
  group: DuplicateGroup;
  /** Given to admins only: keep `target` and pick one of the others to merge into it. */
  onKeep?: (target: DuplicateCustomer, others: DuplicateCustomer[]) => void;
}

/** One group of possible duplicates: why they match, and each customer with what a merge would move. */
export function DuplicateGroupCard({ group, onKeep }: DuplicateGroupCardProps) {
  const t = useT();
  const key = group.reason === 'phone' ? formatPhone(group.key) : group.key;
  return (
    <Card withBorder padding={0} data-testid="duplicate-group">
      <Stack gap={4} p="sm">
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color={group.reason === 'phone' ? 'blue' : 'grape'}>
            {t(group.reason === 'phone' ? 'duplicates.reason.phone' : 'duplicates.reason.name')}
          </Badge>
          <Text fw={700}>{key}</Text>
          <Text size="sm" c="dimmed">
            {t('duplicates.count', { count: group.total })}
          </Text>
        </Group>
        {group.total > group.customers.length && (
          <Text size="xs" c="dimmed">
            {t('duplicates.showingFirst', { shown: group.customers.length, total: group.total })}
          </Text>
        )}
      </Stack>
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customer.name')}</Table.Th>
              <Table.Th>{t('customer.phones')}</Table.Th>
              <Table.Th>{t('customer.homeStore')}</Table.Th>
              <Table.Th>{t('customer.updatedAt')}</Table.Th>
              <Table.Th>{t('duplicates.records')}</Table.Th>
              {onKeep && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.customers.map((customer) => (
              <Table.Tr key={customer.id}>
                <CustomerNameCell customer={customer} />
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {customer.phones.map((phone) => (
                    // The number the group shares stands out.
                    <Text key={phone.e164} size="sm" fw={group.reason === 'phone' && phone.national === group.key ? 700 : undefined}>
                      {formatPhone(phone.e164)}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{customer.homeStore && <StoreBadge store={customer.homeStore} size="sm" />}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(customer.updatedAt)}</Table.Td>
                <Table.Td>
                  <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                    {t('duplicates.counts', customer.counts)}
                  </Text>
                </Table.Td>
                {onKeep && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => onKeep(customer, group.customers.filter((c) => c.id !== customer.id))}
                      aria-label={`${t('duplicates.keep')}: ${customer.name}`}
                    >
                      {t('duplicates.keep')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
