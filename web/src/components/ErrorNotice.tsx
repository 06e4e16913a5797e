import { Alert } from '@mantine/core';
import { ApiError } from '../lib/api/http';
import { useT } from '../lib/i18n/i18n';

/** A failed request, said plainly. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const t = useT();
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {t('common.error', { message })}
    </Alert>
  );
}
