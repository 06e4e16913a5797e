import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Store } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { createStore, updateStore } from '../api/stores';

const splitPrefixes = (text: string): string[] =>
  text
    .split(/[\n,、]/)
    .map((p) => p.trim())
    .filter(Boolean);

/** Create a store, or edit one (its code is fixed once created). */
export function StoreFormModal({ store, opened, onClose }: { store: Store | null; opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(store?.code ?? '');
  const [name, setName] = useState(store?.name ?? '');
  const [prefixes, setPrefixes] = useState(store?.phonePrefixes.join('\n') ?? '');
  const [office, setOffice] = useState(store?.dialpadOfficeId ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), phonePrefixes: splitPrefixes(prefixes), dialpadOfficeId: office.trim() || null };
      return store ? updateStore(store.code, body) : createStore({ code: code.trim(), ...body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.stores });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={store ? store.name : t('stores.new')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('stores.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} disabled={!!store} required placeholder="nishifuna" data-autofocus />
          <TextInput label={t('stores.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required placeholder="西船橋店" />
          <Textarea label={t('stores.prefixes')} description={t('stores.prefixesHelp')} autosize minRows={3} value={prefixes} onChange={(e) => setPrefixes(e.currentTarget.value)} />
          <TextInput label={t('stores.office')} value={office} onChange={(e) => setOffice(e.currentTarget.value)} />
          {save.isError && <ErrorNotice error={save.error} />}
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
