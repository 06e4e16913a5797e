import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../lib/i18n/i18n';

/** Marks a feature whose server endpoint does not exist yet. */
export function NotAvailable({ endpoint, children }: { endpoint: string; children?: ReactNode }) {
  const t = useT();
  return (
    <Alert color="gray" variant="light" data-testid="not-available">
      {children ?? t('common.notAvailable', { endpoint })}
    </Alert>
  );
}
