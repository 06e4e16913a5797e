import { Badge, Group, Spoiler, Stack, Text, Title } from '@mantine/core';
import type { CustomerSummary } from '../../../../../common/calls';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { CallButton } from '../../outbound/components/CallButton';
import type { CallSeed } from '../lib/cards';
import { callerTitle } from '../lib/title';

interface Props {
  seed: CallSeed | null;
  customer: CustomerSummary | null;
  /** Every holder of a shared number, while nobody has said which of them calls. */
  candidates?: readonly CustomerSummary[];
  /** 備考, once the call's details have loaded ('' before, or when none). */
  notes?: string;
  size: 'floating' | 'full';
}

/**
 * Who is calling: name and kana (a shared number: a choice between its holders; or "unknown
 * number"), the caution flag with its reason, tags and 備考, the number. All on the card itself,
 * so staff need not open the window to see them before answering.
 */
export function CallerIdentity({ seed, customer, candidates = [], notes = '', size }: Props) {
  const t = useT();
  const caution = customer?.caution ?? false;
  const cautionReason = customer?.cautionReason ?? '';
  const tags = customer?.tags ?? [];
  const phone = formatPhone(seed?.customerPhoneE164 ?? seed?.customerPhone);
  const title = callerTitle(customer, candidates, t) ?? t('call.unknownCaller');
  return (
    <Stack gap={2}>
      <Group gap="xs" align="baseline" wrap="wrap">
        <Title order={2} size={size === 'full' ? 'h1' : 'h3'} data-testid="caller-name" lh={1.2}>
          {title}
        </Title>
        {caution && (
          <Badge color="red" variant="filled" size="lg" data-testid="caution-flag">
            ⚠ {t('call.caution')}
          </Badge>
        )}
      </Group>
      {caution && cautionReason && (
        <Text size="sm" c="red.9" fw={600} data-testid="caution-reason">
          {cautionReason}
        </Text>
      )}
      {customer?.nameKana && (
        <Text size="sm" c="dimmed" data-testid="caller-kana">
          {customer.nameKana}
        </Text>
      )}
      {tags.length > 0 && (
        <Group gap={4} data-testid="caller-tags">
          {tags.map((tag) => (
            <Badge key={tag} variant="light" color="indigo" size="sm">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      <Group gap="xs" align="center" wrap="nowrap">
        <Text size={size === 'full' ? 'xl' : 'lg'} fw={600} ff="monospace" data-testid="caller-phone">
          {phone || t('call.noNumber')}
        </Text>
        {seed?.customerPhoneE164 && !seed.isTest && <CallButton phone={seed.customerPhoneE164} customerId={customer?.id} size="compact-xs" />}
      </Group>
      {notes.trim() && (
        <Spoiler maxHeight={size === 'full' ? 160 : 48} showLabel={t('call.expand')} hideLabel={t('call.collapse')} data-testid="caller-notes">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span size="xs" c="dimmed" fw={600} mr={6}>
              {t('call.notes')}
            </Text>
            {notes}
          </Text>
        </Spoiler>
      )}
    </Stack>
  );
}
