import { Alert } from '@mantine/core';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';
import { userRuleText } from '../lib/userErrors';

/** A refused change to `name`: the admin rules in words, anything else as every error is shown. */
export function UserError({ error, name }: { error: unknown; name: string }) {
  const t = useT();
  const rule = userRuleText(t, error, name);
  if (rule === null) return <ErrorNotice error={error} />;
  return (
    <Alert color="red" variant="light" role="alert" data-testid="user-rule-error">
      {rule}
    </Alert>
  );
}
