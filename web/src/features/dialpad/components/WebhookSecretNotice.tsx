import { Alert, Code, Stack, Text } from '@mantine/core';
import { useT } from '../../../lib/i18n/i18n';
import { useDialpadStatus } from '../hooks/useDialpadStatus';

/** Says plainly when Dialpad's calls would be refused (no secret) or signed with a trial's secret, and how to set the real one. */
export function WebhookSecretNotice({ webhookUrl }: { webhookUrl: string }) {
  const t = useT();
  const source = useDialpadStatus().data?.secretSource;
  if (source !== 'missing' && source !== 'generated') return null;
  const missing = source === 'missing';
  return (
    <Alert
      color={missing ? 'red' : 'yellow'}
      variant="light"
      role={missing ? 'alert' : 'status'}
      title={t(missing ? 'dialpad.secretMissingTitle' : 'dialpad.secretGeneratedTitle')}
      data-testid="webhook-secret-notice"
      data-source={source}
    >
      <Stack gap={4}>
        <Text size="sm">{t(missing ? 'dialpad.secretMissing' : 'dialpad.secretGenerated')}</Text>
        <Text size="sm">{t('dialpad.secretHowTo', { url: webhookUrl })}</Text>
        <Code block>{`npx cti dialpad setup --url ${webhookUrl}\nDIALPAD_WEBHOOK_SECRET=…`}</Code>
      </Stack>
    </Alert>
  );
}
