import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../../lib/i18n/i18n';

export function NotFoundPage() {
  const t = useT();
  return (
    <Stack>
      <Text size="xl" fw={700}>
        404
      </Text>
      <Anchor component={Link} to="/">
        {t('nav.dashboard')}
      </Anchor>
    </Stack>
  );
}
