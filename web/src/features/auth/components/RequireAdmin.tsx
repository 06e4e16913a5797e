import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../../../lib/i18n/i18n';
import { useSession } from '../../../lib/session';

/** Admin-only pages say so to staff instead of failing request by request. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const t = useT();
  const session = useSession();
  if (session?.user.role !== 'admin') {
    return (
      <Alert color="gray" variant="light">
        {t('common.forbidden')}
      </Alert>
    );
  }
  return children;
}
