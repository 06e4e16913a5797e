import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { DataTable } from '../../../components/DataTable';
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
      <DataTable
        highlightOnHover={false}
        minWidth={720}
        rows={group.customers}
        rowKey={(customer) => customer.id}
        columns={[
          { header: t('customer.name'), cell: (customer) => <CustomerNameCell customer={customer} /> },
          {
            header: t('customer.phones'),
            nowrap: true,
            cell: (customer) =>
              customer.phones.map((phone) => (
                // The number the group shares stands out.
                <Text key={phone.e164} size="sm" fw={group.reason === 'phone' && phone.national === group.key ? 700 : undefined}>
                  {formatPhone(phone.e164)}
                </Text>
              )),
          },
          { header: t('customer.homeStore'), cell: (customer) => customer.homeStore && <StoreBadge store={customer.homeStore} size="sm" /> },
          { header: t('customer.updatedAt'), cell: (customer) => formatDate(customer.updatedAt), nowrap: true },
          {
            header: t('duplicates.records'),
            cell: (customer) => (
              <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                {t('duplicates.counts', customer.counts)}
              </Text>
            ),
          },
          onKeep && {
            cell: (customer) => (
              <Button
                size="xs"
                variant="light"
                onClick={() => onKeep(customer, group.customers.filter((c) => c.id !== customer.id))}
                aria-label={`${t('duplicates.keep')}: ${customer.name}`}
              >
                {t('duplicates.keep')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
