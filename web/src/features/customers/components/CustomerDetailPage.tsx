import { Anchor, Button, Card, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { CustomerBlocking } from '../../blocking/components/CustomerBlocking';
import { useCustomer } from '../hooks/useCustomer';
import { CustomerCalls } from './CustomerCalls';
import { CustomerInfo } from './CustomerInfo';
import { CustomerMemos } from './CustomerMemos';
import { CustomerVisits } from './CustomerVisits';
import { DeleteCustomerModal } from './DeleteCustomerModal';
import { EditCustomerModal } from './EditCustomerModal';
import { MergeCustomerModal } from './MergeCustomerModal';

/** One customer: the record, memos, visits and calls; edit, merge and delete (admins). */
export function CustomerDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const [editing, edit] = useDisclosure(false);
  const [merging, merge] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  // Merging and deleting remove a record: admins only (the server says so too).
  const isAdmin = useSession()?.user.role === 'admin';

  if (customer.isPending) return <Loader aria-label={t('common.loading')} />;
  if (customer.isError) return <ErrorNotice error={customer.error} />;
  const c = customer.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/customers" size="sm">
        ← {t('nav.customers')}
      </Anchor>
      <PageTitle
        actions={
          <Group gap="xs">
            <Button variant="default" onClick={edit.open}>
              {t('common.edit')}
            </Button>
            {isAdmin && (
              <Button variant="default" onClick={merge.open} data-testid="merge-button">
                {t('customer.merge')}
              </Button>
            )}
            {isAdmin && (
              <Button variant="outline" color="red" onClick={del.open} data-testid="customer-delete">
                {t('records.customerDelete')}
              </Button>
            )}
          </Group>
        }
      >
        {c.name}
      </PageTitle>
      {c.nameKana && (
        <Text c="dimmed" mt={-12}>
          {c.nameKana}
        </Text>
      )}
      <Card withBorder>
        <CustomerInfo customer={c} />
      </Card>
      <CustomerBlocking customer={c} />
      <Tabs defaultValue="memos" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="memos">{t('customer.memos')}</Tabs.Tab>
          <Tabs.Tab value="visits">{t('customer.visits')}</Tabs.Tab>
          <Tabs.Tab value="calls">{t('customer.calls')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="memos" pt="md">
          <CustomerMemos customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="visits" pt="md">
          <CustomerVisits customerId={c.id} homeStoreCode={c.homeStore?.code ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="calls" pt="md">
          <CustomerCalls customerId={c.id} />
        </Tabs.Panel>
      </Tabs>
      <EditCustomerModal customer={c} opened={editing} onClose={edit.close} />
      {isAdmin && merging && <MergeCustomerModal customer={c} opened onClose={merge.close} />}
      {isAdmin && deleting && <DeleteCustomerModal customer={c} opened onClose={del.close} />}
    </Stack>
  );
}
