import { Badge, Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { toE164 } from '../../../../../common/phone';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useBlockedNumbers, useCanBlock, useUnblockNumber } from '../hooks/useBlockedNumbers';
import { blockingErrorText } from '../lib/blockingErrorText';
import { BlockNumberModal } from './BlockNumberModal';

interface Props {
  /** E.164 or national, as the call or the customer has it. */
  phone: string;
  customerId?: string | undefined;
  size?: 'compact-xs' | 'compact-sm' | 'xs';
  /**
   * What a blocked number shows: `full` ブロック中 and ブロック解除; `status` the badge only (a busy
   * row: the call log); `action` ブロック解除 only (the list of blocked numbers, where every row is).
   */
  mode?: 'full' | 'status' | 'action';
}

/**
 * 番号をブロック for admins; once blocked, ブロック中 with ブロック解除. Nothing for staff, and
 * nothing for a number that cannot be blocked (withheld, or not a phone number).
 */
export function BlockNumberControl({ phone, customerId, size = 'compact-xs', mode = 'full' }: Props) {
  const t = useT();
  const canBlock = useCanBlock();
  const blocked = useBlockedNumbers();
  const unblock = useUnblockNumber();
  const [confirming, confirm] = useDisclosure(false);
  const e164 = phone.startsWith('+') ? phone : toE164(phone);
  if (!canBlock || !e164 || !blocked.isSuccess) return null;
  const shown = formatPhone(e164);
  if (blocked.data.has(e164)) {
    return (
      <Group gap={6} wrap="nowrap" data-testid="blocked-number">
        {mode !== 'action' && (
          // No max-width: in a table cell a percentage one lets the column squeeze the badge to "ブロ…".
          <Badge color="dark" variant="filled" size="sm" maw="none" style={{ flexShrink: 0 }}>
            {t('blocking.blocked')}
          </Badge>
        )}
        {mode !== 'status' && (
          <Button
            size={size}
            variant="subtle"
            color="gray"
            loading={unblock.isPending}
            aria-label={t('blocking.unblockNumber', { phone: shown })}
            onClick={() =>
              unblock.mutate(e164, {
                onSuccess: () => notifications.show({ color: 'teal', message: t('blocking.unblocked', { phone: shown }) }),
                onError: (err) => notifications.show({ color: 'red', title: t('blocking.unblockFailed'), message: blockingErrorText(t, err), autoClose: 10_000 }),
              })
            }
            data-testid="unblock-button"
          >
            {t('blocking.unblock')}
          </Button>
        )}
      </Group>
    );
  }
  return (
    <>
      <Button size={size} variant="outline" color="red" onClick={confirm.open} aria-label={t('blocking.blockNumber', { phone: shown })} data-testid="block-button">
        {t('blocking.block')}
      </Button>
      {confirming && <BlockNumberModal phone={e164} customerId={customerId} onClose={confirm.close} />}
    </>
  );
}
