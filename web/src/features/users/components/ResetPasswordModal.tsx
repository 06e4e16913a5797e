import { Alert, Button, Code, CopyButton, Group, Modal, PasswordInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../../../common/password';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { User } from '../../../lib/api/types';
import { useT } from '../../../lib/i18n/i18n';
import { apiPasswordProblem, passwordError, passwordProblemText } from '../../../lib/password';
import { updateUser } from '../api/users';
import { generatePassword } from '../lib/generatePassword';

type Mode = 'generate' | 'enter';

/** パスワードを再設定: a generated password (shown once) or one the admin types; every sign-in of the user ends. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('generate');
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const reset = useMutation({
    mutationFn: (password: string) => updateUser(user.id, { password }).then(() => password),
  });
  const typedProblem = mode === 'enter' ? passwordError(t, typed) : null;
  const serverProblem = reset.isError ? apiPasswordProblem(reset.error) : null;

  if (reset.isSuccess) {
    return (
      <Modal opened onClose={onClose} title={t('users.resetTitle', { name: user.name })}>
        <Stack gap="sm">
          <Alert color="teal" variant="light" role="status">
            {t('users.resetDone', { name: user.name })}
          </Alert>
          {mode === 'generate' && (
            <>
              <Text size="sm" fw={500}>
                {t('users.newPassword')}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Code fz="md" data-testid="generated-password" style={{ userSelect: 'all' }}>
                  {reset.data}
                </Code>
                <CopyButton value={reset.data}>
                  {({ copied, copy }) => (
                    <Button size="compact-sm" variant="light" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="sm" c="orange.8">
                {t('users.shownOnce')}
              </Text>
            </>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title={t('users.resetTitle', { name: user.name })}>
      <form
        data-testid="reset-password-form"
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (mode === 'generate') reset.mutate(generatePassword());
          else if (typedProblem === null) reset.mutate(typed);
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('users.resetNote', { name: user.name })}</Text>
          <SegmentedControl
            value={mode}
            onChange={(value) => setMode(value === 'enter' ? 'enter' : 'generate')}
            data={[
              { value: 'generate', label: t('users.resetGenerate') },
              { value: 'enter', label: t('users.resetEnter') },
            ]}
          />
          {mode === 'enter' && (
            <PasswordInput
              label={t('users.temporaryPassword', { min: PASSWORD_MIN_LENGTH })}
              name="temporary-password"
              autoComplete="new-password"
              required
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              error={(tried ? typedProblem : null) ?? (serverProblem ? passwordProblemText(t, serverProblem) : null)}
              data-autofocus
            />
          )}
          {reset.isError && !serverProblem && <ErrorNotice error={reset.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={reset.isPending}>
              {t('users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
