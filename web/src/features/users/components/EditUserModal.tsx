import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../../lib/api/keys';
import type { Role, User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { useStores } from '../../stores/hooks/useStores';
import { updateUser, type UserChanges } from '../api/users';
import { UserError } from './UserError';

/** 編集: name, role and store (required for staff). Only what changed is sent, so an unchanged form signs nobody out. */
export function EditUserModal({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: (user: User) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const stores = useStores();
  const [form, setForm] = useState({ name: user.name, role: user.role, storeCode: user.storeCode ?? '' });
  const [tried, setTried] = useState(false);
  const changes = (): UserChanges => {
    const out: UserChanges = {};
    if (form.name.trim() !== user.name) out.name = form.name.trim();
    if (form.role !== user.role) out.role = form.role;
    if ((form.storeCode || null) !== user.storeCode) out.storeCode = form.storeCode || null;
    return out;
  };
  const save = useMutation({
    mutationFn: () => updateUser(user.id, changes()),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: keys.users });
      onSaved(saved);
    },
  });
  const storeMissing = form.role === 'staff' && form.storeCode === '';
  const signsOut = form.role !== user.role || (form.storeCode || null) !== user.storeCode;
  return (
    <Modal opened onClose={onClose} title={t('users.editTitle', { name: user.name })}>
      <form
        data-testid="edit-user-form"
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (storeMissing || form.name.trim() === '') return;
          if (Object.keys(changes()).length === 0) onClose();
          else save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('users.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} data-autofocus />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="edit-role-label">
              {t('users.role')}
            </Text>
            <SegmentedControl
              aria-labelledby="edit-role-label"
              value={form.role}
              onChange={(role) => setForm({ ...form, role: (role === 'admin' ? 'admin' : 'staff') satisfies Role })}
              data={[
                { value: 'staff', label: t('users.staff') },
                { value: 'admin', label: t('users.admin') },
              ]}
            />
          </Stack>
          <Select
            label={t('users.store')}
            required={form.role === 'staff'}
            clearable
            value={form.storeCode || null}
            onChange={(code) => setForm({ ...form, storeCode: code ?? '' })}
            data={(stores.data?.items ?? []).map((store) => ({ value: store.code, label: store.name }))}
            error={tried && storeMissing ? t('users.storeRequired') : null}
            data-testid="edit-user-store"
          />
          {signsOut && (
            <Alert color="yellow" variant="light">
              {t('users.signOutNote')}
            </Alert>
          )}
          {save.isError && <UserError error={save.error} name={user.name} />}
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
