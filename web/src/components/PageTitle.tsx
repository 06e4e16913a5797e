import { Group, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useT } from '../lib/i18n/i18n';

/** The page's heading, also the document title (screen readers announce it on navigation). */
export function PageTitle({ children, actions }: { children: string; actions?: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${children} | ${t('app.name')}`;
  }, [children, t]);
  return (
    <Group justify="space-between" align="center" mb="md" wrap="wrap" gap="sm">
      <Title order={1} size="h2">
        {children}
      </Title>
      {actions}
    </Group>
  );
}
