import { Button, Group, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Customer, CustomerPatch } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';

export interface CustomerFormValues {
  name: string;
  nameKana: string;
  phones: string;
  email: string;
  birthday: string;
  homeStoreCode: string;
  tags: string[];
  caution: boolean;
  cautionReason: string;
  notes: string;
}

export function formValues(customer?: Customer, phone?: string): CustomerFormValues {
  return {
    name: customer?.name ?? '',
    nameKana: customer?.nameKana ?? '',
    phones: customer ? customer.phones.map((p) => p.display).join('\n') : (phone ?? ''),
    email: customer?.email ?? '',
    birthday: customer?.birthday ?? '',
    homeStoreCode: customer?.homeStore?.code ?? '',
    tags: customer?.tags ?? [],
    caution: customer?.caution ?? false,
    cautionReason: customer?.cautionReason ?? '',
    notes: customer?.notes ?? '',
  };
}

/** The body the API takes (create and patch alike: every field given). */
export function toPayload(values: CustomerFormValues): CustomerPatch & { name: string } {
  return {
    name: values.name.trim(),
    nameKana: values.nameKana.trim(),
    phones: values.phones
      .split(/\n|,|、/)
      .map((p) => p.trim())
      .filter(Boolean),
    email: values.email.trim() || null,
    birthday: values.birthday || null,
    homeStoreCode: values.homeStoreCode || null,
    tags: values.tags,
    caution: values.caution,
    cautionReason: values.caution ? values.cautionReason.trim() : '',
    notes: values.notes,
  };
}

interface Props {
  initial: CustomerFormValues;
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: CustomerFormValues) => void;
  onCancel?: () => void;
}

/** Create and edit a customer. */
export function CustomerForm({ initial, submitLabel, pending, onSubmit, onCancel }: Props) {
  const t = useT();
  const stores = useStores();
  const [values, setValues] = useState(initial);
  const set = <K extends keyof CustomerFormValues>(key: K, value: CustomerFormValues[K]): void => setValues((v) => ({ ...v, [key]: value }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (values.name.trim()) onSubmit(values);
      }}
      data-testid="customer-form"
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customer.name')} required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} data-autofocus />
          <TextInput label={t('customer.nameKana')} value={values.nameKana} onChange={(e) => set('nameKana', e.currentTarget.value)} />
          <Textarea
            label={t('customer.phones')}
            description={t('customer.phonesHelp')}
            autosize
            minRows={2}
            value={values.phones}
            onChange={(e) => set('phones', e.currentTarget.value)}
          />
          <TextInput label={t('customer.email')} type="email" value={values.email} onChange={(e) => set('email', e.currentTarget.value)} />
          <TextInput label={t('customer.birthday')} type="date" value={values.birthday} onChange={(e) => set('birthday', e.currentTarget.value)} />
          <Select
            label={t('customer.homeStore')}
            clearable
            value={values.homeStoreCode || null}
            onChange={(code) => set('homeStoreCode', code ?? '')}
            data={(stores.data?.items ?? []).map((store) => ({ value: store.code, label: store.name }))}
          />
        </SimpleGrid>
        <TagsInput label={t('customer.tags')} value={values.tags} onChange={(tags) => set('tags', tags)} clearable />
        <Switch label={t('customer.caution')} checked={values.caution} onChange={(e) => set('caution', e.currentTarget.checked)} color="red" />
        {values.caution && (
          <TextInput label={t('customer.cautionReason')} value={values.cautionReason} onChange={(e) => set('cautionReason', e.currentTarget.value)} />
        )}
        <Textarea label={t('customer.notes')} autosize minRows={2} value={values.notes} onChange={(e) => set('notes', e.currentTarget.value)} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={pending} disabled={!values.name.trim()}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
