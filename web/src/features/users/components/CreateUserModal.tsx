import { Button, Group, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../../../common/password';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { keys } from '../../../lib/api/keys';
import type { Role } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { apiPasswordProblem, passwordError, passwordProblemText } from '../../../lib/password';
import { useStores } from '../../stores/hooks/useStores';
import { createUser } from '../api/users';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const stores = useStores();
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'staff' as Role, storeCode: '' });
  // Shown once the user tries to submit: the server's own rule, so what the form lets through the server takes.
  const [passwordShown, setPasswordShown] = useState(false);
  const create = useMutation({
    mutationFn: () => createUser({ ...form, email: form.email.trim(), name: form.name.trim(), storeCode: form.storeCode || null }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.users });
      onClose();
    },
  });
  const serverPasswordProblem = create.isError ? apiPasswordProblem(create.error) : null;
  const passwordMessage = passwordShown ? passwordError(t, form.password) : null;
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.new')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPasswordShown(true);
          if (passwordError(t, form.password) === null) create.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('users.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} data-autofocus />
          <TextInput label={t('users.email')} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
          <PasswordInput
            label={t('users.password', { min: PASSWORD_MIN_LENGTH })}
            required
            minLength={PASSWORD_MIN_LENGTH}
            autoComplete="new-password"
            value={form.password}
            error={passwordMessage ?? (serverPasswordProblem ? passwordProblemText(t, serverPasswordProblem) : null)}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="role-label">
              {t('users.role')}
            </Text>
            <SegmentedControl
              aria-labelledby="role-label"
              value={form.role}
              onChange={(role) => setForm({ ...form, role: role === 'admin' ? 'admin' : 'staff' })}
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
          />
          {create.isError && !serverPasswordProblem && <ErrorNotice error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
