import { Modal } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Customer } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { updateCustomer } from '../api/customers';
import { CustomerForm, formValues, toPayload } from './CustomerForm';

export function EditCustomerModal({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: ReturnType<typeof toPayload>) => updateCustomer(customer.id, values),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.customer(customer.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.customers });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('customer.edit')} size="lg">
      {save.isError && <ErrorNotice error={save.error} />}
      {opened && (
        <CustomerForm initial={formValues(customer)} submitLabel={t('common.save')} pending={save.isPending} onSubmit={(v) => save.mutate(toPayload(v))} onCancel={onClose} />
      )}
    </Modal>
  );
}
