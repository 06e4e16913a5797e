import { Badge, Group, Table } from '@mantine/core';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CustomerListItem } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { CustomerNameCell } from './CustomerNameCell';

export function CustomerTable({ customers }: { customers: CustomerListItem[] }) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover data-testid="customer-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customer.name')}</Table.Th>
            <Table.Th>{t('customer.phones')}</Table.Th>
            <Table.Th>{t('customer.homeStore')}</Table.Th>
            <Table.Th>{t('customer.tags')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer) => (
            <Table.Tr key={customer.id}>
              <CustomerNameCell customer={customer} />
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.phones.map((p) => p.display).join(', ')}</Table.Td>
              <Table.Td>{customer.homeStore && <StoreBadge store={customer.homeStore} size="sm" />}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {customer.tags.map((tag) => (
                    <Badge key={tag} variant="outline" color="gray" size="sm">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
