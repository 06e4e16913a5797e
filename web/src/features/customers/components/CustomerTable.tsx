import { Badge, Group } from '@mantine/core';
import { DataTable } from '../../../components/DataTable';
import { StoreBadge } from '../../../components/StoreBadge';
import type { CustomerListItem } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { CustomerNameCell } from './CustomerNameCell';

/** Search results; `loaded` with none says so instead of an empty table. */
export function CustomerTable({ customers, loaded }: { customers: CustomerListItem[]; loaded: boolean }) {
  const t = useT();
  return (
    <DataTable
      data-testid="customer-table"
      minWidth={640}
      rows={customers}
      rowKey={(customer) => customer.id}
      loaded={loaded}
      emptyText={t('customer.noResults')}
      columns={[
        { header: t('customer.name'), cell: (customer) => <CustomerNameCell customer={customer} /> },
        { header: t('customer.phones'), cell: (customer) => customer.phones.map((p) => p.display).join(', '), nowrap: true },
        { header: t('customer.homeStore'), cell: (customer) => customer.homeStore && <StoreBadge store={customer.homeStore} size="sm" /> },
        {
          header: t('customer.tags'),
          cell: (customer) => (
            <Group gap={4}>
              {customer.tags.map((tag) => (
                <Badge key={tag} variant="outline" color="gray" size="sm">
                  {tag}
                </Badge>
              ))}
            </Group>
          ),
        },
      ]}
    />
  );
}
