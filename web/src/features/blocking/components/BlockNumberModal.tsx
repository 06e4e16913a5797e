import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { formatPhone } from '../../../lib/format';
import { useT } from '../../../lib/i18n/i18n';
import { useBlockNumber } from '../hooks/useBlockedNumbers';
import { blockingErrorText } from '../lib/blockingErrorText';

interface Props {
  phone: string;
  customerId?: string | undefined;
  onClose: () => void;
}

/** The confirm before a block: what it does (no store rings, calls kept in history), and why, for the other admins. */
export function BlockNumberModal({ phone, customerId, onClose }: Props) {
  const t = useT();
  const [reason, setReason] = useState('');
  const block = useBlockNumber();
  const shown = formatPhone(phone);
  const confirm = () =>
    block.mutate(
      { number: phone, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(customerId ? { customerId } : {}) },
      { onSuccess: onClose },
    );
  return (
    <Modal opened onClose={onClose} title={t('blocking.confirmTitle', { phone: shown })} size="md">
      <Stack gap="sm" data-testid="block-confirm">
        <Text size="sm">{t('blocking.confirmBody')}</Text>
        <Textarea label={t('blocking.reason')} placeholder={t('blocking.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={2} />
        {block.isError && (
          <Alert color="red" data-testid="block-error">
            {blockingErrorText(t, block.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={block.isPending} onClick={confirm} data-testid="block-confirm-button">
            {t('blocking.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
