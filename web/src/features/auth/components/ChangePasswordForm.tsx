import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../../../common/password';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ApiError } from '../../../lib/api/http';
import { keys } from '../../../lib/api/keys';
import { useT } from '../../../lib/i18n/i18n';
import { apiPasswordProblem, passwordError, passwordProblemText } from '../../../lib/password';
import { sessionStore } from '../../../lib/session';
import { changePassword } from '../api/auth';

const EMPTY = { current: '', next: '', confirm: '' };

/** The server refused the current password (400 naming body.currentPassword). */
function isWrongCurrent(error: unknown): boolean {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return false;
  return (error.details as unknown[]).some((d) => typeof d === 'object' && d !== null && (d as { field?: unknown }).field === 'body.currentPassword');
}

/** One's own password: the current one, the new one twice; this tab stays signed in with the token the answer brings. */
export function ChangePasswordForm() {
  const t = useT();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  // Refusals are shown once the person tries to submit, not while they are still typing.
  const [tried, setTried] = useState(false);
  const change = useMutation({
    mutationFn: () => changePassword(form.current, form.next),
    onSuccess: async (session) => {
      sessionStore.set(session);
      setForm(EMPTY);
      setTried(false);
      await queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });
  const ruleProblem = passwordError(t, form.next);
  const serverProblem = change.isError ? apiPasswordProblem(change.error) : null;
  const wrongCurrent = change.isError && isWrongCurrent(change.error);
  const mismatch = form.confirm !== '' && form.confirm !== form.next;
  const update = (field: keyof typeof EMPTY) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    change.reset();
    setForm((f) => ({ ...f, [field]: value }));
  };

  return (
    <form
      data-testid="change-password-form"
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (ruleProblem === null && form.next === form.confirm && form.current !== '') change.mutate();
      }}
    >
      <Stack gap="sm" maw={480}>
        <Text size="sm" c="dimmed">
          {t('account.rule', { min: PASSWORD_MIN_LENGTH })}
        </Text>
        <PasswordInput
          label={t('account.currentPassword')}
          name="current-password"
          autoComplete="current-password"
          required
          value={form.current}
          onChange={update('current')}
          error={wrongCurrent ? t('account.wrongCurrent') : null}
        />
        <PasswordInput
          label={t('account.newPassword')}
          name="new-password"
          autoComplete="new-password"
          required
          value={form.next}
          onChange={update('next')}
          error={(tried ? ruleProblem : null) ?? (serverProblem ? passwordProblemText(t, serverProblem) : null)}
          description={
            form.next === '' ? undefined : (
              <Text span size="xs" c={ruleProblem ? 'orange.8' : 'teal.8'} data-testid="password-check">
                {t('account.length', { count: [...form.next.normalize('NFKC')].length })}: {ruleProblem ?? t('account.ruleOk')}
              </Text>
            )
          }
        />
        <PasswordInput
          label={t('account.confirmPassword')}
          name="confirm-password"
          autoComplete="new-password"
          required
          value={form.confirm}
          onChange={update('confirm')}
          error={(tried || mismatch) && form.confirm !== form.next ? t('account.mismatch') : null}
        />
        {change.isError && !wrongCurrent && !serverProblem && <ErrorNotice error={change.error} />}
        {change.isSuccess && (
          <Alert color="teal" variant="light" role="status" data-testid="password-changed">
            {t('account.changed')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={change.isPending}>
            {t('account.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
