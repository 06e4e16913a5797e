import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../lib/api/http';
import { errorText } from '../../../lib/i18n/errors';
import { type MessageKey, useI18n } from '../../../lib/i18n/i18n';
import { type LogoutReason, sessionStore, useSession } from '../../../lib/session';
import { login } from '../api/auth';

const REASONS: Record<LogoutReason, MessageKey> = {
  signed_out: 'auth.signedOut',
  expired: 'auth.expired',
  disabled: 'auth.disabled',
};

function errorKey(error: unknown): MessageKey | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'invalid_credentials' || error.code === 'validation_failed') return 'auth.invalid';
  if (error.code === 'account_disabled') return 'auth.disabled';
  return null;
}

export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [reason] = useState(sessionStore.logoutReason);
  useEffect(() => sessionStore.forgetLogoutReason(), []);
  const signIn = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: (result) => {
      sessionStore.set(result);
      void navigate(from, { replace: true });
    },
  });

  useEffect(() => {
    document.title = `${t('auth.title')} | ${t('app.name')}`;
  }, [t]);

  if (session && !signIn.isSuccess) return <Navigate to={from} replace />;

  const key = signIn.isError ? errorKey(signIn.error) : null;
  return (
    <Center mih="100dvh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate();
          }}
        >
          <Stack>
            <Title order={1} size="h2">
              {t('app.name')}
            </Title>
            <Title order={2} size="h4" fw={500}>
              {t('auth.title')}
            </Title>
            {reason && !signIn.isError && (
              <Alert color={reason === 'signed_out' ? 'gray' : 'yellow'} variant="light" role="status">
                {t(REASONS[reason])}
              </Alert>
            )}
            {signIn.isError && (
              <Alert color="red" variant="light" role="alert" data-testid="login-error">
                {key ? t(key) : errorText(t, signIn.error)}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="text"
              inputMode="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
              autoFocus
              name="email"
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              name="password"
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('auth.submit')}
            </Button>
            <Button variant="subtle" size="xs" onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')}>
              {t('nav.language')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
