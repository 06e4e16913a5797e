import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Store } from '../../../lib/api/types';
import { fieldErrors } from '../../../lib/i18n/errors';
import { useT } from '../../../lib/i18n/i18n';
import { createStore, updateStore } from '../api/stores';
import { fromDraft, toDraft } from '../lib/hours-draft';
import { hoursFieldErrors } from '../lib/hours-errors';
import { StoreHoursFields } from './StoreHoursFields';

const splitPrefixes = (text: string): string[] =>
  text
    .split(/[\n,、]/)
    .map((p) => p.trim())
    .filter(Boolean);

/** The API's fields → this form's (a prefix's problem lands on the list, whichever line it was). */
const STORE_FIELDS = { 'body.code': 'code', 'body.name': 'name', 'body.phonePrefixes': 'prefixes', 'body.dialpadOfficeId': 'office', 'body.outboundCallerId': 'outboundCallerId' } as const;

/** Create a store, or edit one (its code is fixed once created). */
export function StoreFormModal({ store, opened, onClose }: { store: Store | null; opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(store?.code ?? '');
  const [name, setName] = useState(store?.name ?? '');
  const [prefixes, setPrefixes] = useState(store?.phonePrefixes.join('\n') ?? '');
  const [office, setOffice] = useState(store?.dialpadOfficeId ?? '');
  const [outboundCallerId, setOutboundCallerId] = useState(store?.outboundCallerId ?? '');
  const [hours, setHours] = useState(() => toDraft(store?.hours ?? null));
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), phonePrefixes: splitPrefixes(prefixes), dialpadOfficeId: office.trim() || null, outboundCallerId: outboundCallerId.trim() || null, hours: fromDraft(hours) };
      return store ? updateStore(store.code, body) : createStore({ code: code.trim(), ...body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.stores });
      onClose();
    },
  });
  // A refusal naming a field shows under that field; anything else in the notice.
  const problems = save.isError ? fieldErrors(t, save.error, STORE_FIELDS) : {};
  const hoursProblems = save.isError ? hoursFieldErrors(t, save.error) : {};
  const shownUnderField = Object.keys(problems).length > 0 || Object.keys(hoursProblems).length > 0;
  return (
    <Modal opened={opened} onClose={onClose} title={store ? store.name : t('stores.new')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('stores.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} disabled={!!store} required placeholder="nishifuna" data-autofocus error={problems.code} />
          <TextInput label={t('stores.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required placeholder="西船橋店" error={problems.name} />
          <Textarea label={t('stores.prefixes')} description={t('stores.prefixesHelp')} autosize minRows={3} value={prefixes} onChange={(e) => setPrefixes(e.currentTarget.value)} error={problems.prefixes} />
          <TextInput label={t('stores.office')} value={office} onChange={(e) => setOffice(e.currentTarget.value)} error={problems.office} />
          <TextInput label={t('stores.outboundCallerId')} description={t('stores.outboundCallerIdHelp')} value={outboundCallerId} onChange={(e) => setOutboundCallerId(e.currentTarget.value)} placeholder="050-1748-1234" error={problems.outboundCallerId} />
          <StoreHoursFields draft={hours} onChange={setHours} errors={hoursProblems} />
          {save.isError && !shownUnderField && <ErrorNotice error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
