import { Alert, Button, Card, Group, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PageTitle } from '../../../components/PageTitle';
import { useI18n } from '../../../lib/i18n/i18n';
import { notificationsSupported, openCallWindow } from '../lib/alerts';
import { ctiSettings, useCtiSettings } from '../lib/settings';
import { ring } from '../lib/sound';

/** How this browser tells people about calls: window, notification, sound, language. */
export function CtiSettingsPage() {
  const { t, language, setLanguage } = useI18n();
  const settings = useCtiSettings();
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(
    notificationsSupported() ? Notification.permission : 'unsupported',
  );

  return (
    <Stack maw={760} gap="md">
      <PageTitle>{t('settings.title')}</PageTitle>
      <Alert variant="light" color="indigo">
        {t('settings.onceNote')}
      </Alert>

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Switch
            size="md"
            label={t('settings.autoOpen')}
            checked={settings.autoOpenWindow}
            onChange={(e) => ctiSettings.set({ autoOpenWindow: e.currentTarget.checked })}
            data-testid="setting-auto-open"
          />
          <Text size="sm">{t('settings.autoOpenHelp')}</Text>
          <Group>
            <Button variant="default" onClick={() => openCallWindow('')}>
              {t('settings.testWindow')}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('settings.notifications')}
          </Title>
          <Text size="sm">{t('settings.notificationsHelp')}</Text>
          {permission === 'unsupported' && <Text size="sm">{t('settings.notificationsUnsupported')}</Text>}
          {permission === 'granted' && (
            <Text size="sm" c="teal.9" fw={600}>
              {t('settings.notificationsGranted')}
            </Text>
          )}
          {permission === 'denied' && (
            <Text size="sm" c="red.9">
              {t('settings.notificationsDenied')}
            </Text>
          )}
          {permission === 'default' && (
            <Group>
              <Button onClick={() => void Notification.requestPermission().then(setPermission)}>{t('settings.notificationsAsk')}</Button>
            </Group>
          )}
        </Stack>
      </Card>

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Switch
            size="md"
            label={t('settings.sound')}
            checked={settings.sound}
            onChange={(e) => ctiSettings.set({ sound: e.currentTarget.checked })}
            data-testid="setting-sound"
          />
          <Text size="sm">{t('settings.soundHelp')}</Text>
          <Group>
            <Button variant="default" onClick={() => ring()}>
              {t('settings.soundTest')}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Title order={2} size="h4" id="language-label">
            {t('settings.language')}
          </Title>
          <SegmentedControl
            aria-labelledby="language-label"
            value={language}
            onChange={(value) => setLanguage(value === 'en' ? 'en' : 'ja')}
            data={[
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
            w={240}
          />
        </Stack>
      </Card>
    </Stack>
  );
}
