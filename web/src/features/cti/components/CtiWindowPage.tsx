import { Box, Container, Group, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../../lib/i18n/i18n';
import { useCti, useLiveCard } from '../hooks/useCti';
import { CallCard } from './CallCard';
import { ConnectionIndicator } from './ConnectionIndicator';

/** /admin/customer-management/cti?callId=…: the same card, full size, in its own window. */
export function CtiWindowPage() {
  const t = useT();
  const [params] = useSearchParams();
  const callId = params.get('callId');
  const live = useLiveCard(callId);
  const { setFocusedCallId } = useCti();

  useEffect(() => {
    setFocusedCallId(callId);
    return () => setFocusedCallId(null);
  }, [callId, setFocusedCallId]);

  useEffect(() => {
    document.title = `${live?.seed.customer?.name ?? t('call.region')} | ${t('app.name')}`;
  }, [live, t]);

  return (
    <Box py="md" px={{ base: 'sm', md: 'lg' }} component="main" id="main">
      <Container size="lg" px={0}>
        <Group justify="space-between" mb="sm">
          <Title order={1} size="h4">
            {t('app.name')}
          </Title>
          <ConnectionIndicator />
        </Group>
        {callId ? (
          <CallCard key={callId} callId={callId} live={live} variant="full" />
        ) : (
          <Text c="dimmed">{t('call.notFound')}</Text>
        )}
      </Container>
    </Box>
  );
}
