import { Button, Group, Stack, Text } from '@mantine/core';
import type { CustomerSummary } from '../../../../../common/calls';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';
import { useLinkCustomer } from '../hooks/useLinkCustomer';

/** Several customers share the number (a household phone): the person says who is calling. */
export function CandidatePicker({ callId, candidates }: { callId: string; candidates: CustomerSummary[] }) {
  const t = useT();
  const link = useLinkCustomer(callId);
  return (
    <Stack gap={6} data-testid="candidates">
      <Text size="sm" fw={600}>
        {t('call.candidates')}
      </Text>
      {candidates.map((candidate) => (
        <Group key={candidate.id} justify="space-between" wrap="nowrap">
          <div>
            <Text size="sm" fw={600}>
              {candidate.name}
            </Text>
            <Text size="xs" c="dimmed">
              {candidate.nameKana}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            onClick={() => link.mutate(candidate)}
            loading={link.isPending && link.variables.id === candidate.id}
            disabled={link.isPending}
            aria-label={`${t('call.pick')}: ${candidate.name}`}
          >
            {t('call.pick')}
          </Button>
        </Group>
      ))}
      {link.isError && <ErrorNotice error={link.error} />}
    </Stack>
  );
}
