import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../lib/api/keys';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { placeCall } from '../api/outbound';
import { outboundErrorText } from '../lib/outboundErrorText';

interface Props {
  /** E.164 or national; what is shown and dialled. */
  phone: string;
  callbackId?: string | undefined;
  customerId?: string | undefined;
  size?: 'compact-xs' | 'compact-sm' | 'xs' | 'sm';
}

/**
 * 発信: places the call through Dialpad for the signed-in user (the Dialpad app rings first) and
 * says in the user's language that it is calling, or why it could not.
 */
export function CallButton({ phone, callbackId, customerId, size = 'compact-sm' }: Props) {
  const t = useT();
  const queryClient = useQueryClient();
  const shown = formatPhone(phone);
  const call = useMutation({
    mutationFn: () => placeCall({ phone, ...(callbackId ? { callbackId } : {}), ...(customerId ? { customerId } : {}) }),
    onSuccess: () => {
      notifications.show({ color: 'teal', title: t('outbound.placingTitle', { phone: shown }), message: t('outbound.placing') });
    },
    onError: (err) => {
      notifications.show({ color: 'red', title: t('outbound.failedTitle'), message: outboundErrorText(t, err), autoClose: 10_000 });
    },
    // A task's attempt was recorded either way.
    onSettled: () => {
      if (callbackId) void queryClient.invalidateQueries({ queryKey: keys.callbacks });
    },
  });
  return (
    <Button
      size={size}
      variant="filled"
      color="teal"
      onClick={() => call.mutate()}
      loading={call.isPending}
      aria-label={t('outbound.callNumber', { phone: shown })}
      data-testid="call-button"
    >
      {t('outbound.call')}
    </Button>
  );
}
