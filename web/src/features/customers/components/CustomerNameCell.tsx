import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../../../lib/i18n/i18n';

/** What a customer's name cell shows: the name linking to their page, the caution badge, the kana below. */
export function CustomerNameCell({ customer }: { customer: { id: string; name: string; nameKana: string; caution: boolean } }) {
  const t = useT();
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/customers/${encodeURIComponent(customer.id)}`} fw={600}>
          {customer.name}
        </Anchor>
        {customer.caution && (
          <Badge color="red" size="sm">
            {t('call.caution')}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {customer.nameKana}
      </Text>
    </>
  );
}
