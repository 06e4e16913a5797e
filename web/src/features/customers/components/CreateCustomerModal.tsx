import { Modal } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { createCustomer } from '../api/customers';
import { CustomerForm, formValues, toPayload } from './CustomerForm';

export function CreateCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: createCustomer,
    onSuccess: async (customer) => {
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      onClose();
      void navigate(`/customers/${encodeURIComponent(customer.id)}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('customer.new')} size="lg">
      {create.isError && <ErrorNotice error={create.error} />}
      <CustomerForm initial={formValues()} submitLabel={t('common.create')} pending={create.isPending} onSubmit={(v) => create.mutate(toPayload(v))} onCancel={onClose} />
    </Modal>
  );
}
