import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';
import { useStores } from '../../stores/hooks/useStores';
import { ChangePasswordForm } from './ChangePasswordForm';

/** アカウント: who one is signed in as, and one's own password. Every user has it, staff included. */
export function AccountPage() {
  const t = useT();
  const session = useSession();
  const stores = useStores();
  const user = session?.user;
  if (!user) return null;
  const store = user.storeCode ? (stores.data?.items.find((s) => s.code === user.storeCode)?.name ?? user.storeCode) : t('common.none');
  const rows: [string, string][] = [
    [t('users.name'), user.name],
    [t('users.email'), user.email],
    [t('users.role'), user.role === 'admin' ? t('users.admin') : t('users.staff')],
    [t('users.store'), store],
  ];
  return (
    <Stack gap="md">
      <PageTitle>{t('account.title')}</PageTitle>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('account.profile')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" maw={560} data-testid="account-profile">
          {rows.map(([label, value]) => [
            <Text key={`${label}-label`} size="sm" c="dimmed">
              {label}
            </Text>,
            <Text key={`${label}-value`} size="sm">
              {value}
            </Text>,
          ])}
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('account.passwordTitle')}
        </Title>
        <ChangePasswordForm />
      </Card>
    </Stack>
  );
}
