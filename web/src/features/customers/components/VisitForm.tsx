import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { VisitInput } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';
import { readVisitForm, type VisitFormErrors, type VisitFormValues } from '../lib/visitForm';

interface VisitFormProps {
  /** Where the form starts: now and a default store for a new visit, the visit's own values for an edit. */
  initial: VisitFormValues;
  onSubmit: (input: Required<VisitInput>) => void;
  pending: boolean;
  error?: unknown;
  onCancel?: () => void;
  /** grid: across the customer page; stack: in a modal or on a card. */
  layout: 'grid' | 'stack';
  /** Changing it starts the form over from `initial` (after a visit was saved). */
  resetKey?: number;
}

/** One form for recording and changing a visit: the amount as people type it (５，５００, ¥5,500, 5500円). */
export function VisitForm(props: VisitFormProps) {
  // A new key remounts the fields, so a saved form starts again at now.
  return <VisitFields key={props.resetKey ?? 0} {...props} />;
}

function VisitFields({ initial, onSubmit, pending, error, onCancel, layout }: VisitFormProps) {
  const t = useT();
  const stores = useStores();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<VisitFormErrors>({});
  const set = <K extends keyof VisitFormValues>(key: K, value: VisitFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (key === 'amount' || key === 'visitedAt') setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const amountError = errors.amount === 'unreadable' ? t('records.amountUnreadable') : errors.amount === 'too_large' ? t('records.amountTooLarge') : undefined;
  const fields = (
    <>
      <TextInput
        type="datetime-local"
        label={t('customer.visitDate')}
        required
        value={values.visitedAt}
        onChange={(e) => set('visitedAt', e.currentTarget.value)}
        error={errors.visitedAt ? t('records.visitDateRequired') : undefined}
        data-testid="visit-date"
      />
      <Select
        label={t('calls.store')}
        clearable
        value={values.storeCode}
        onChange={(code) => set('storeCode', code)}
        data={(stores.data?.items ?? []).map((store) => ({ value: store.code, label: store.name }))}
        placeholder={t('records.noStore')}
        data-testid="visit-store"
      />
      <TextInput label={t('customer.menu')} value={values.menu} onChange={(e) => set('menu', e.currentTarget.value)} />
      <TextInput label={t('customer.staff')} value={values.staffName} onChange={(e) => set('staffName', e.currentTarget.value)} />
      <TextInput
        label={t('customer.amount')}
        inputMode="numeric"
        placeholder={t('records.amountPlaceholder')}
        value={values.amount}
        onChange={(e) => set('amount', e.currentTarget.value)}
        error={amountError}
        data-testid="visit-amount"
      />
    </>
  );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const read = readVisitForm(values);
        if (!read.ok) return setErrors(read.errors);
        onSubmit(read.input);
      }}
    >
      <Stack gap={6}>
        {layout === 'grid' ? (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="xs">
            {fields}
          </SimpleGrid>
        ) : (
          fields
        )}
        <TextInput label={t('customer.visitNote')} value={values.note} onChange={(e) => set('note', e.currentTarget.value)} />
        {error !== undefined && error !== null && <ErrorNotice error={error} />}
        <Group justify="flex-end" gap="xs">
          {onCancel && (
            <Button size="xs" variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" size="xs" loading={pending} data-testid="visit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
