import { Badge, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { CustomerSummary } from '../../../../../common/calls';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import type { CallSeed } from '../lib/cards';

interface Props {
  seed: CallSeed | null;
  customer: CustomerSummary | null;
  size: 'floating' | 'full';
}

/** Who is calling: name and kana (or "unknown number"), caution flag, the number. */
export function CallerIdentity({ seed, customer, size }: Props) {
  const t = useT();
  const caution = customer?.caution ?? false;
  const cautionReason = customer?.cautionReason ?? '';
  const phone = formatPhone(seed?.customerPhoneE164 ?? seed?.customerPhone);
  return (
    <Stack gap={2}>
      <Group gap="xs" align="baseline" wrap="wrap">
        <Title order={2} size={size === 'full' ? 'h1' : 'h3'} data-testid="caller-name" lh={1.2}>
          {customer ? customer.name : t('call.unknownCaller')}
        </Title>
        {caution && (
          <Tooltip label={cautionReason || t('call.caution')} disabled={!cautionReason} withArrow>
            <Badge color="red" variant="filled" size="lg" data-testid="caution-flag">
              ⚠ {t('call.caution')}
              {cautionReason && size === 'full' ? `: ${cautionReason}` : ''}
            </Badge>
          </Tooltip>
        )}
      </Group>
      {customer?.nameKana && (
        <Text size="sm" c="dimmed" data-testid="caller-kana">
          {customer.nameKana}
        </Text>
      )}
      <Text size={size === 'full' ? 'xl' : 'lg'} fw={600} ff="monospace" data-testid="caller-phone">
        {phone || t('call.noNumber')}
      </Text>
    </Stack>
  );
}
