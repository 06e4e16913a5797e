import { Button, Card, Group, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MoreButton } from '../../../components/MoreButton';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { ExportMenu } from '../../imports/components/ExportMenu';
import { useCustomerSearch } from '../hooks/useCustomerSearch';
import { CreateCustomerModal } from './CreateCustomerModal';
import { CustomerTable } from './CustomerTable';

/** Search by name, kana or phone; register a new customer; go to the possible duplicates; admins import and export CSV. */
export function CustomersPage() {
  const t = useT();
  const isAdmin = useSession()?.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const search = useCustomerSearch(debounced);
  const [creating, { open, close }] = useDisclosure(false);
  const customers = search.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <PageTitle
        actions={
          <Group gap="xs">
            <Button component={Link} to="/customers/duplicates" variant="default" data-testid="duplicates-link">
              {t('duplicates.open')}
            </Button>
            {isAdmin && (
              <>
                <Button component={Link} to="/customers/import" variant="default" data-testid="import-link">
                  {t('import.open')}
                </Button>
                <ExportMenu label={t('export.open')} />
              </>
            )}
            <Button onClick={open}>{t('customer.new')}</Button>
          </Group>
        }
      >
        {t('nav.customers')}
      </PageTitle>
      <TextInput
        type="search"
        label={t('customer.search')}
        placeholder={t('customer.searchPlaceholder')}
        value={q}
        onChange={(e) => setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true })}
        maw={480}
        data-testid="customer-search"
      />
      {search.isError && <ErrorNotice error={search.error} />}
      <Card withBorder padding={0}>
        <CustomerTable customers={customers} loaded={search.isSuccess} />
      </Card>
      <MoreButton list={search} />
      <CreateCustomerModal opened={creating} onClose={close} />
    </Stack>
  );
}
