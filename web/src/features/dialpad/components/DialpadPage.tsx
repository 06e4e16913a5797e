import { Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { PageTitle } from '../../../components/PageTitle';
import { useT } from '../../../lib/i18n/i18n';
import { BlockedNumbersCard } from './BlockedNumbersCard';
import { DialpadStatusCard } from './DialpadStatusCard';
import { TestCallForm } from './TestCallForm';
import { WebhookSecretNotice } from './WebhookSecretNotice';

/** Dialpad connection: where Dialpad sends events, whether they arrive, and a test call. */
export function DialpadPage() {
  const t = useT();
  const webhookUrl = `${window.location.origin}/api/dialpad/webhook`;
  return (
    <Stack gap="md" maw={960}>
      <PageTitle>{t('dialpad.title')}</PageTitle>
      <WebhookSecretNotice webhookUrl={webhookUrl} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          {t('dialpad.webhook')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <Code style={{ overflowWrap: 'anywhere' }}>{webhookUrl}</Code>
          <CopyButton value={webhookUrl}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" mt="xs" c="dimmed">
          {t('dialpad.webhookHelp')}
        </Text>
      </Card>
      <DialpadStatusCard />
      <BlockedNumbersCard />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          {t('dialpad.testCall')}
        </Title>
        <TestCallForm />
      </Card>
    </Stack>
  );
}
