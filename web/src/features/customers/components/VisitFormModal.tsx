import { Modal } from '@mantine/core';
import type { Visit } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useVisitMutations } from '../hooks/useRecordMutations';
import { newVisitValues, visitValues } from '../lib/visitForm';
import { VisitForm } from './VisitForm';

type VisitFormModalProps = { customerId: string; opened: boolean; onClose: () => void } & (
  | { visit: Visit; defaultStoreCode?: undefined }
  /** A new visit at this store (the call's, from a call card). */
  | { visit?: undefined; defaultStoreCode: string | null }
);

/** The visit form in a modal: change a visit (customer page) or record one (call card). */
export function VisitFormModal({ customerId, opened, onClose, visit, defaultStoreCode }: VisitFormModalProps) {
  const t = useT();
  const { create, update } = useVisitMutations(customerId);
  const mutation = visit ? update : create;
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={visit ? t('records.visitEditTitle') : t('customer.addVisit')}>
      <VisitForm
        layout="stack"
        initial={visit ? visitValues(visit) : newVisitValues(defaultStoreCode ?? null)}
        pending={mutation.isPending}
        error={mutation.isError ? mutation.error : undefined}
        onCancel={close}
        onSubmit={(input) => {
          if (visit) update.mutate({ visitId: visit.id, change: input }, { onSuccess: close });
          else create.mutate(input, { onSuccess: close });
        }}
      />
    </Modal>
  );
}
