import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../lib/i18n/i18n';

interface ConfirmDeleteModalProps {
  opened: boolean;
  title: string;
  /** What the delete removes and what it leaves, said plainly. */
  children: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  /** A failed delete; `errorText` says it in words where the generic notice would not. */
  error?: unknown;
  errorText?: ReactNode;
  /** The delete cannot go ahead yet (e.g. users still belong to the store). */
  blocked?: boolean;
}

/** One more click before something is deleted, with what happens to its history. */
export function ConfirmDeleteModal({ opened, title, children, onConfirm, onClose, pending, error, errorText, blocked = false }: ConfirmDeleteModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md">
      <Stack gap="sm" data-testid="confirm-delete">
        {children}
        {error !== undefined && error !== null && (errorText ?? <ErrorNotice error={error} />)}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={pending} disabled={blocked} onClick={onConfirm} data-testid="confirm-delete-button">
            {t('records.confirmDelete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
